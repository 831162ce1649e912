import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedRuntime } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest.js'
import type { NodeNeeds, PythonNeeds } from '../runtimes/discover/skill-runtime-needs.js'
import { storedSkillRuntime } from '../runtimes/discover/stored-skill-runtime.js'
import { ensureNodeEnv } from '../runtimes/node/ensure-node-env.js'
import { ensurePythonEnv } from '../runtimes/python/build-python-env.js'
import {
  findPythonInterpreters,
  type PythonInterpreter,
} from '../runtimes/python/find-python-interpreters.js'
import { selectInterpreter } from '../runtimes/python/select-interpreter.js'
import type { SkillRuntimeRecord } from '../runtimes/state/runtime-state.js'
import type { ToolProgress } from '../runtimes/tool-progress.js'
import type { InstallerOptions } from './installer-options.js'
import type { ReadySkill } from './resolve-planned-skill.js'

/** What prepareRuntimes made: the skills with their lock's `runtime`, and where each env is. */
export interface PreparedRuntimes {
  readonly skills: readonly ReadySkill[]
  /** One per skill (`{ integrity }` alone when it declares nothing): `skillship run` reads them. */
  readonly records: Readonly<Record<string, SkillRuntimeRecord>>
}

interface RuntimeContext {
  readonly options: InstallerOptions
  readonly manifest: Manifest
  readonly frozen: boolean
  /** Skills placed at another version than their lock entry (experiment variants): never frozen. */
  readonly notLocked: ReadonlySet<string>
  readonly checkEnvsWritable: () => Promise<unknown>
  /** The envs folder is checked once, before the first environment is looked at. */
  envsChecked: Promise<unknown> | undefined
  /** Interpreters are probed once per install, and only when a skill needs Python. */
  interpreters: Promise<PythonInterpreter[]> | undefined
}

/**
 * Gives every skill that declares dependencies its environments (one at a time: pip and npm are
 * heavy on a small machine), before anything is placed, so a failure leaves the project as it
 * was. A skill whose lock entry already records a runtime for the same content installs exactly
 * those Python packages; under `--frozen` a skill that needs a runtime the lock does not record
 * is INSTALL_LOCKFILE_OUT_OF_DATE. Skills without declarations get no runtime.
 */
export async function prepareRuntimes(
  ready: readonly ReadySkill[],
  context: {
    options: InstallerOptions
    manifest: Manifest
    frozen: boolean
    notLocked?: ReadonlySet<string>
    checkEnvsWritable?: () => Promise<unknown>
  },
): Promise<PreparedRuntimes> {
  const shared: RuntimeContext = {
    ...context,
    notLocked: context.notLocked ?? new Set(),
    checkEnvsWritable: context.checkEnvsWritable ?? (async () => undefined),
    interpreters: undefined,
    envsChecked: undefined,
  }
  const skills: ReadySkill[] = []
  const records: Record<string, SkillRuntimeRecord> = {}
  for (const skill of ready) {
    const prepared = await prepareSkillRuntime(skill, shared)
    skills.push(prepared.skill)
    records[skill.name] = prepared.record
  }
  return { skills, records }
}

async function prepareSkillRuntime(
  skill: ReadySkill,
  context: RuntimeContext,
): Promise<{ skill: ReadySkill; record: SkillRuntimeRecord }> {
  const needs = await storedSkillRuntime(skill.entry.dir)
  if (needs.python === undefined && needs.node === undefined) {
    const { runtime: _dropped, ...locked } = skill.locked
    return { skill: { ...skill, locked }, record: { integrity: skill.locked.integrity } }
  }
  if (frozenFor(skill, context) && skill.locked.runtime === undefined)
    throw runtimeNotLocked(skill.name)
  context.envsChecked ??= context.checkEnvsWritable()
  await context.envsChecked
  const python = needs.python && (await pythonRuntime(skill, needs.python, context))
  const node = needs.node && (await nodeRuntime(skill, needs.node, context))
  const runtime: LockedRuntime = {
    ...(python ? { python: python.locked } : {}),
    ...(node ? { node: node.locked } : {}),
  }
  const record: SkillRuntimeRecord = {
    integrity: skill.locked.integrity,
    ...(python ? { python: python.record } : {}),
    ...(node ? { node: node.record } : {}),
  }
  return { skill: { ...skill, locked: { ...skill.locked, runtime } }, record }
}

async function pythonRuntime(skill: ReadySkill, needs: PythonNeeds, context: RuntimeContext) {
  context.interpreters ??= findPythonInterpreters({
    env: context.options.env,
    cacheDir: join(context.options.skillshipHome, 'cache'),
  })
  const interpreter = selectInterpreter(await context.interpreters, needs.requiresPython)
  const previous = skill.locked.runtime?.python
  // The lock's packages apply while the declared requirements are the ones they were resolved for.
  const locked =
    previous !== undefined && sameList(previous.requirements, needs.requirements)
      ? previous.packages
      : undefined
  if (frozenFor(skill, context) && locked === undefined) throw runtimeNotLocked(skill.name)
  const env = await ensurePythonEnv({
    envsRoot: context.options.envsRoot,
    interpreter,
    requirements: needs.requirements,
    ...(locked === undefined ? {} : { locked }),
    env: processEnv(context.options.env),
    onProgress: progressFor(skill.name, context),
  })
  return {
    locked: {
      ...(needs.requiresPython === undefined ? {} : { requiresPython: needs.requiresPython }),
      requirements: needs.requirements,
      packages: env.packages,
    },
    record: { key: env.key, path: env.path, interpreter: env.interpreterVersion },
  }
}

async function nodeRuntime(skill: ReadySkill, needs: NodeNeeds, context: RuntimeContext) {
  const env = await ensureNodeEnv({
    envsRoot: context.options.envsRoot,
    skillDir: skill.entry.dir,
    needs,
    allowScripts: context.manifest.allowScripts?.includes(skill.name) === true,
    env: processEnv(context.options.env),
    onProgress: progressFor(skill.name, context),
  })
  return {
    locked: { dependencies: needs.dependencies, packages: env.packages },
    record: { key: env.key, path: env.path },
  }
}

function frozenFor(skill: ReadySkill, context: RuntimeContext): boolean {
  return context.frozen && !context.notLocked.has(skill.name)
}

function progressFor(name: string, context: RuntimeContext): ToolProgress {
  return (detail, kind = 'output') =>
    context.options.onProgress?.({ phase: 'runtime', name, done: 0, total: 0, detail, kind })
}

function processEnv(env: Readonly<Record<string, string | undefined>>): NodeJS.ProcessEnv {
  return { ...env }
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index])
}

function runtimeNotLocked(name: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.LockfileOutOfDate,
    `skillship.lock does not record the dependencies of ${name}'s scripts`,
    {
      hint: 'Run `skillship install` without --frozen and commit skillship.lock.',
      details: { drift: [`${name} (runtime)`] },
    },
  )
}
