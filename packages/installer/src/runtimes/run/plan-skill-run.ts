import { delimiter } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { readRuntimeState, type SkillRuntimeRecord } from '../../install/prepare-runtimes.js'
import { allAgentSkillDirs, type InstallScope } from '../../link/agents.js'
import { installerPaths } from '../../project/project.js'
import { venvBinDir, venvPython } from '../../shared/helpers.js'
import { checkNodeEnv } from '../node/check-node-env.js'
import { nodeRunEnvironment } from '../node/node-run-environment.js'
import { checkPythonEnv } from '../python/python-env.js'
import { chooseRunner } from './choose-runner.js'
import { findInstalledSkill } from './find-installed-skill.js'
import { locateScript } from './locate-script.js'
import type { SkillRunPlan } from './skill-run-plan.js'

export type { SkillRunPlan } from './skill-run-plan.js'

/** What `skillship run` was asked, and where the project's state files are. */
export interface SkillRunRequest {
  readonly name: string
  readonly script: string
  readonly args: readonly string[]
  /** The project (or `~/.skillship/global` with scope 'user'), as for an install. */
  readonly projectRoot: string
  readonly scope: InstallScope
  readonly home: string
  /** Working folder; default the skill's folder. */
  readonly cwd?: string
  readonly env: Readonly<Record<string, string | undefined>>
}

/**
 * Plans the run of one script of an installed skill with the skill's own environment: Python
 * scripts with the skill's venv python (its bin first on PATH, VIRTUAL_ENV set), JavaScript with
 * the running Node and the skill's node_modules (NODE_PATH and the ESM resolve hook), shell and
 * `#!` scripts with the skill's environments on PATH. Always PYTHONUTF8=1 and
 * PYTHONIOENCODING=utf-8. A skill whose environment was never built here is RUNTIME_ENV_MISSING;
 * a damaged one RUNTIME_ENV_CORRUPT. Reads two small files and checks the env without starting
 * Python or npm, so a run costs little more than the script.
 */
export async function planSkillRun(request: SkillRunRequest): Promise<SkillRunPlan> {
  const paths = installerPaths(request)
  const skillDir = await findInstalledSkill(paths.state, request.name, allAgentSkillDirs(request))
  const script = await locateScript(skillDir, request.script)
  const runner = await chooseRunner(script)
  const record = (await readRuntimeState(paths.runtimes)).skills[request.name]
  if (record === undefined) throw envMissing(request.name)
  const env = await runEnvironment(record, request.env)
  const cwd = request.cwd ?? skillDir
  const base = { cwd, env, skillDir, script, runner } as const
  switch (runner) {
    case 'python':
      return { ...base, command: pythonFor(record, env), args: [script, ...request.args] }
    case 'node':
      return { ...base, command: process.execPath, args: [script, ...request.args] }
    case 'shell':
      return { ...base, command: 'bash', args: [script, ...request.args] }
    case 'shebang':
      return { ...base, command: script, args: [...request.args] }
  }
}

async function runEnvironment(
  record: SkillRuntimeRecord,
  base: Readonly<Record<string, string | undefined>>,
): Promise<NodeJS.ProcessEnv> {
  let env: NodeJS.ProcessEnv = { ...base, PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8' }
  if (record.node !== undefined) env = nodeRunEnvironment(await checkNodeEnv(record.node.path), env)
  if (record.python !== undefined) {
    await checkPythonEnv(record.python.path)
    const bin = venvBinDir(record.python.path)
    const pathKey = Object.keys(env).find((key) => key.toUpperCase() === 'PATH') ?? 'PATH'
    const old = env[pathKey]
    env[pathKey] = old === undefined || old === '' ? bin : `${bin}${delimiter}${old}`
    env['VIRTUAL_ENV'] = record.python.path
  }
  return env
}

// A skill that declares no Python dependencies runs with the first python3 on PATH.
function pythonFor(record: SkillRuntimeRecord, env: NodeJS.ProcessEnv): string {
  if (record.python !== undefined) return venvPython(record.python.path)
  return env['SKILLSHIP_PYTHON'] || (process.platform === 'win32' ? 'python' : 'python3')
}

function envMissing(name: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.EnvMissing,
    `${name} is installed, but its scripts' environment was not prepared on this machine`,
    { hint: 'Run `skillship install` (without --skip-runtimes).', details: { name } },
  )
}
