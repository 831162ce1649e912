import { readFileSync } from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { compareText } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedRuntime } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest.js'
import type { InstallerOptions } from '../project/project.js'
import type {
  NodeNeeds,
  PythonNeeds,
  SkillRuntimeNeeds,
} from '../runtimes/discover/skill-runtime-needs.js'
import type { PythonInterpreter } from '../runtimes/python/interpreters.js'
import type { ToolProgress } from '../runtimes/tool-progress.js'
import { replaceFileSync } from '../shared/helpers.js'
import type { ReadySkill } from './prepare-skills.js'

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
  // Python and Node code is loaded only for a skill that needs it; building code only to build.
  const { findPythonInterpreters } = await import('../runtimes/python/interpreters.js')
  const { findPythonEnv, selectInterpreter } = await import('../runtimes/python/python-env.js')
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
  const wanted = {
    envsRoot: context.options.envsRoot,
    interpreter,
    requirements: needs.requirements,
    ...(locked === undefined ? {} : { locked }),
    env: processEnv(context.options.env),
    onProgress: progressFor(skill.name, context),
  }
  const lookup = await findPythonEnv(wanted)
  const env =
    lookup.found ??
    (await (await import('../runtimes/python/build-python-env.js')).ensurePythonEnv(wanted))
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
  const { ensureNodeEnv } = await import('../runtimes/node/ensure-node-env.js')
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

/** Bumped whenever discovery would find something else in the same files. */
const discoveryVersion = 1

/** The cache file of a store entry (beside `index.json`, outside the sealed `skill/` folder). */
export function runtimeNeedsCachePath(skillDir: string): string {
  return join(dirname(skillDir), `runtime-needs.v${discoveryVersion}.json`)
}

/**
 * What the scripts of the stored skill at `skillDir` need (discoverSkillRuntime), discovered
 * once per store entry: an entry's files never change (store-seal.ts), so the answer is kept in
 * the entry folder and read back by later installs. Failures are never cached (they are thrown
 * again by the next discovery). A cache this user cannot write is skipped; an unreadable or
 * malformed one is discovered and written again.
 */
export async function storedSkillRuntime(skillDir: string): Promise<SkillRuntimeNeeds> {
  const path = runtimeNeedsCachePath(skillDir)
  const cached = readCached(path)
  if (cached !== undefined) return cached
  const { discoverSkillRuntime } = await import('../runtimes/discover/discover-skill-runtime.js')
  const needs = await discoverSkillRuntime(skillDir)
  writeCached(path, needs)
  return needs
}

function readCached(path: string): SkillRuntimeNeeds | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    const value = JSON.parse(text) as { python?: unknown; node?: unknown }
    if (!isObjectOrNull(value.python) || !isObjectOrNull(value.node)) return undefined
    return {
      python: (value.python ?? undefined) as SkillRuntimeNeeds['python'],
      node: (value.node ?? undefined) as SkillRuntimeNeeds['node'],
    }
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

function isObjectOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'object' && !Array.isArray(value))
}

// Another user's store, or a read-only one: discovery simply runs again next time.
const cannotWrite = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT'])

function writeCached(path: string, needs: SkillRuntimeNeeds): void {
  try {
    replaceFileSync(
      path,
      JSON.stringify({ python: needs.python ?? null, node: needs.node ?? null }),
    )
  } catch (error) {
    if (!cannotWrite.has(errnoCode(error) ?? '')) throw error
  }
}

/** The environments one installed skill runs with on this machine. */
export interface SkillRuntimeRecord {
  /** The integrity of the installed skill the environments were prepared for. */
  readonly integrity: string
  readonly python?: {
    readonly key: string
    /** The env folder (`<envsRoot>/<key>`). */
    readonly path: string
    /** The interpreter version the venv was made from (`3.11.7`). */
    readonly interpreter: string
  }
  readonly node?: { readonly key: string; readonly path: string }
}

/**
 * Which environment each installed skill of a project (or of the user scope) uses on this machine:
 * `<project>/.skillship/runtimes.json`. Machine-specific (env keys depend on the interpreter), so
 * it sits beside installed.json rather than in skillship.lock. Read by `skillship run`, `doctor`
 * and `gc`; written by install after every environment is ready.
 */
export interface RuntimeState {
  readonly version: 1
  readonly skills: Readonly<Record<string, SkillRuntimeRecord>>
}

export const emptyRuntimeState: RuntimeState = { version: 1, skills: {} }

/** The state at `path`; an absent file is the empty state. Anything unreadable is coded. */
export async function readRuntimeState(path: string): Promise<RuntimeState> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return emptyRuntimeState
    throw error
  }
  const value = parseJson(text, path)
  if (!isRuntimeState(value)) throw invalid(path)
  return value
}

/** Writes the state atomically (unchanged content is left alone). */
export async function writeRuntimeState(path: string, state: RuntimeState): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const sorted = Object.fromEntries(
    Object.entries(state.skills).sort(([a], [b]) => compareText(a, b)),
  )
  const text = `${JSON.stringify({ version: 1, skills: sorted }, null, 2)}\n`
  await writeFileAtomic(path, text, { skipIfEqual: true })
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) throw invalid(path, error)
    throw error
  }
}

function isRuntimeState(value: unknown): value is RuntimeState {
  if (typeof value !== 'object' || value === null) return false
  const { version, skills } = value as Record<string, unknown>
  if (version !== 1 || typeof skills !== 'object' || skills === null) return false
  return Object.values(skills).every(isRecord)
}

function isRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false
  const { integrity, python, node } = value as Record<string, unknown>
  const env = (entry: unknown) =>
    entry === undefined ||
    (typeof entry === 'object' &&
      entry !== null &&
      typeof (entry as Record<string, unknown>)['key'] === 'string' &&
      typeof (entry as Record<string, unknown>)['path'] === 'string')
  return typeof integrity === 'string' && env(python) && env(node)
}

function invalid(path: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `${path} is not a valid runtimes file`, {
    path,
    cause,
    hint: 'Delete it and run `skillship install` to write it again.',
  })
}
