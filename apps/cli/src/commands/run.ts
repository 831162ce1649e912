import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { constants } from 'node:os'
import { join, resolve } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '@skillship/installer/errors'
import { planSkillRun, type SkillRunPlan } from '@skillship/installer/run'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { skillshipHome } from '../config/cli-config.js'
import { ExitCode } from '../exit-codes.js'
import { unknownOptionError } from '../parse-command-args.js'

const usage = `Usage: skillship run [-g|--global] [--cwd DIR] [--json] <skill> <script> [args...]

Runs a script of an installed skill with the skill's own environment: Python scripts with its venv,
JavaScript with its node_modules, shell and #! scripts with both on PATH; PYTHONUTF8=1 and
PYTHONIOENCODING=utf-8. The script is a path inside the skill (scripts/run.py; a bare name is also
looked up in scripts/). The script runs in the folder skillship was called from (or --cwd DIR), so
relative arguments such as data.csv name the caller's files. Everything after the script goes to it
unchanged, and its exit code is skillship's. With --json, its output is captured
and printed as { ok, exitCode, signal, stdout, stderr, runner, skillDir, durationMs }.`

/** `skillship run`: see usage. Options are read only before the skill name. */
export const runCommand: Command = {
  usage,
  passThroughArgs: true,
  async run(args, io) {
    const request = parseRunArgs(args)
    const plan = await planSkillRun({
      name: request.skill,
      script: request.script,
      args: request.rest,
      projectRoot: request.global ? join(skillshipHome(io.env, io.home), 'global') : io.cwd,
      scope: request.global ? 'user' : 'project',
      home: io.home,
      env: io.env,
      // Relative arguments name the caller's files, so the script runs where skillship was called.
      cwd: resolve(io.cwd, request.cwd ?? '.'),
    })
    return runPlan(plan, io, request.json)
  },
}

interface RunArgs {
  readonly skill: string
  readonly script: string
  readonly rest: readonly string[]
  readonly global: boolean
  readonly json: boolean
  readonly cwd: string | undefined
}

// Hand-parsed rather than parseArgs: options end at the skill name, and everything after the script
// is the script's, options included.
function parseRunArgs(args: readonly string[]): RunArgs {
  const options = { global: false, json: false, cwd: undefined as string | undefined }
  let index = 0
  while (index < args.length && (args[index] ?? '').startsWith('-')) {
    index = readOption(args, index, options)
  }
  const [skill, script, ...rest] = args.slice(index)
  if (skill === undefined || script === undefined) throw usageError('run needs <skill> <script>')
  return { skill, script, rest, ...options }
}

function readOption(
  args: readonly string[],
  index: number,
  options: { global: boolean; json: boolean; cwd: string | undefined },
): number {
  const arg = args[index]
  if (arg === '-g' || arg === '--global') options.global = true
  else if (arg === '--json') options.json = true
  else if (arg === '--cwd') {
    options.cwd = args[index + 1]
    if (options.cwd === undefined) throw usageError('--cwd needs a folder')
    return index + 2
  } else throw unknownOptionError(arg ?? '', ['--global', '-g', '--json', '--cwd'])
  return index + 1
}

async function runPlan(plan: SkillRunPlan, io: CliIo, json: boolean): Promise<CommandResult> {
  const started = performance.now()
  const child = spawn(plan.command, [...plan.args], {
    cwd: plan.cwd,
    env: plan.env,
    stdio: ['inherit', 'pipe', 'pipe'],
  })
  const captured = { stdout: [] as Buffer[], stderr: [] as Buffer[] }
  child.stdout.on('data', (chunk: Buffer) =>
    json ? captured.stdout.push(chunk) : io.stdout.write(chunk),
  )
  child.stderr.on('data', (chunk: Buffer) =>
    json ? captured.stderr.push(chunk) : io.stderr.write(chunk),
  )
  // A stop request for skillship is passed on to the script, which decides how to end.
  void io.waitForShutdown().then((signal) => child.kill(signal as NodeJS.Signals))
  const [code, signal] = await exited(child, plan)
  const exitCode = code ?? 128 + (signal === null ? 0 : (constants.signals[signal] ?? 0))
  return {
    exitCode: exitCode === 0 ? ExitCode.Ok : ExitCode.Failed,
    processExitCode: exitCode,
    data: json
      ? {
          exitCode,
          signal,
          stdout: Buffer.concat(captured.stdout).toString('utf8'),
          stderr: Buffer.concat(captured.stderr).toString('utf8'),
          runner: plan.runner,
          skillDir: plan.skillDir,
          durationMs: Math.round(performance.now() - started),
        }
      : {},
    text: [],
    errors: [],
  }
}

// `close` (not `exit`): every byte of the script's output has been forwarded by then.
async function exited(
  child: ReturnType<typeof spawn>,
  plan: SkillRunPlan,
): Promise<[number | null, NodeJS.Signals | null]> {
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>
  const failed = once(child, 'error').then(([error]: unknown[]) => {
    throw new SkillshipError(
      RuntimeErrorCode.ScriptUnsupported,
      `Cannot start ${plan.command} for ${plan.script}: ${(error as Error).message}`,
      {
        cause: error,
        path: plan.script,
        hint:
          plan.runner === 'shebang'
            ? 'Make the script executable, or check the interpreter its #! line names.'
            : `Install ${plan.command}, or run \`skillship doctor\`.`,
      },
    )
  })
  return Promise.race([closed, failed])
}
