import { mkdir, readFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, resolve } from 'node:path'
import { errnoCode as errorCode, SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { type InstallerOptions, installerPaths } from '../install/installer-options.js'
import { agentSkillDirs, allAgentSkillDirs, findAgent, isSafeSkillName } from '../link/agents.js'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import { assertUnchanged, changedPlacements } from './placed-ownership.js'

/** A state with no records. */
export function emptyInstalledState(): InstalledState {
  return { version: installedStateVersion, skills: [] }
}

/**
 * Reads the state file; a missing file is the empty state. A malformed or newer file is
 * INSTALL_VERIFY_FAILED, never silently emptied (that would turn skillship's folders into
 * "someone else's" and block every update).
 */
export async function readInstalledState(file: string): Promise<InstalledState> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return emptyInstalledState()
    throw error
  }
  return parseInstalledState(text, file)
}

/**
 * Writes `state` atomically (core's writeFileAtomic: synced temp file, rename), so a crash leaves
 * the old or the new state, never a torn one; an unchanged state is not rewritten. Records are
 * written sorted.
 */
export async function writeInstalledState(file: string, state: InstalledState): Promise<void> {
  await mkdir(dirname(file), { recursive: true })
  const sorted: InstalledState = {
    version: installedStateVersion,
    skills: sortRecords(state.skills),
  }
  await writeFileAtomic(file, `${JSON.stringify(sorted, null, 2)}\n`, { skipIfEqual: true })
}

/** A state file's records split into what it may claim and what it may not. */
export interface ClaimedState {
  /** The records naming `<skillsDir>/<name>` in one of the scope's agent skills folders. */
  readonly state: InstalledState
  /** Every other record: reported, never acted on, and dropped at the next write. */
  readonly ignored: readonly InstalledRecord[]
}

/**
 * A state file is a claim, not an order: only a record whose path is `<dir>/<name>` for one of
 * `skillsDirs` (the agent skills folders of the state's own project, or the user's for the user
 * state) and its own safe skill name is kept. A planted or copied state naming anything else
 * (outside the project, another project, a project file) is ignored.
 */
export function claimedState(state: InstalledState, skillsDirs: ReadonlySet<string>): ClaimedState {
  const kept: InstalledRecord[] = []
  const ignored: InstalledRecord[] = []
  for (const record of state.skills) {
    const path = resolve(record.path)
    const inScope =
      isSafeSkillName(record.name) &&
      basename(path) === record.name &&
      skillsDirs.has(dirname(path))
    ;(inScope ? kept : ignored).push(record)
  }
  return { state: { version: installedStateVersion, skills: kept }, ignored }
}

/** The records for `path` (any agent). */
export function recordsAt(state: InstalledState, path: string): InstalledRecord[] {
  const wanted = resolve(path)
  return state.skills.filter((record) => resolve(record.path) === wanted)
}

/** `state` with `record` added, replacing the record of the same agent and path. */
export function withRecord(state: InstalledState, record: InstalledRecord): InstalledState {
  return withRecords(state, [record])
}

/**
 * `state` with every record added, each replacing the record of the same agent and path (the
 * last one wins within `records`). One pass and one sort, for the hundreds of records of an install.
 */
export function withRecords(
  state: InstalledState,
  records: readonly InstalledRecord[],
): InstalledState {
  const slot = (record: InstalledRecord) => `${resolve(record.path)}\u0000${record.agent}`
  const bySlot = new Map(state.skills.map((record) => [slot(record), record]))
  for (const record of records) bySlot.set(slot(record), record)
  return { version: installedStateVersion, skills: sortRecords([...bySlot.values()]) }
}

/** `state` without the records for `path` (only `agent`'s when given). */
export function withoutRecords(
  state: InstalledState,
  path: string,
  agent?: string,
): InstalledState {
  const skills = state.skills.filter((record) =>
    agent === undefined ? resolve(record.path) !== resolve(path) : !sameSlot(record, agent, path),
  )
  return { version: installedStateVersion, skills }
}

function sameSlot(record: InstalledRecord, agent: string, path: string): boolean {
  return record.agent === agent && resolve(record.path) === resolve(path)
}

function sortRecords(records: readonly InstalledRecord[]): InstalledRecord[] {
  const keyed = records.map((record) => ({ record, key: `${record.path}\u0000${record.agent}` }))
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
  return keyed.map((entry) => entry.record)
}

/** The state file format version this code reads and writes. */
export const installedStateVersion = 1

/** One skill folder or link skillship put into an agent's skills folder. */
export interface InstalledRecord {
  readonly agent: string
  readonly name: string
  /** Absolute path of the skill folder or link (`<skillsDir>/<name>`). */
  readonly path: string
  /** SRI integrity of the store entry it was placed from. */
  readonly integrity: string
  readonly method: 'folder' | 'symlink'
}

/**
 * What skillship installed where (`<project>/.skillship/installed.json`, or
 * `<home>/.skillship/installed-user.json` for user installs). Only paths recorded here are ever
 * replaced or removed without --force, so a user's own folder of the same name is never touched.
 */
export interface InstalledState {
  readonly version: typeof installedStateVersion
  /** Sorted by path, then agent; one record per (agent, path). */
  readonly skills: readonly InstalledRecord[]
}

const recordKeys = ['agent', 'name', 'path', 'integrity'] as const

/**
 * Parses and validates the text of a state file. Throws INSTALL_VERIFY_FAILED (with `file` as
 * path) for invalid JSON, a version other than the current one, or a malformed record.
 */
export function parseInstalledState(text: string, file: string): InstalledState {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(file, 'is not valid JSON', error)
  }
  if (!isJsonRecord(value)) throw invalid(file, 'is not a JSON object')
  if (value['version'] !== installedStateVersion) {
    throw invalid(
      file,
      `has version ${String(value['version'])}, expected ${installedStateVersion}`,
    )
  }
  const skills = value['skills']
  if (!Array.isArray(skills)) throw invalid(file, 'has no "skills" list')
  return {
    version: installedStateVersion,
    skills: skills.map((item, index) => toRecord(item, index, file)),
  }
}

function toRecord(item: unknown, index: number, file: string): InstalledRecord {
  if (!isJsonRecord(item)) throw invalid(file, `has a malformed record #${index}`)
  for (const key of recordKeys) {
    if (typeof item[key] !== 'string' || item[key] === '') {
      throw invalid(file, `has a record #${index} without "${key}"`)
    }
  }
  const method = item['method']
  if (method !== 'folder' && method !== 'symlink') {
    throw invalid(file, `has a record #${index} with an unknown method`)
  }
  const path = item['path'] as string
  if (!isAbsolute(path)) throw invalid(file, `has a record #${index} with a relative path`)
  return {
    agent: item['agent'] as string,
    name: item['name'] as string,
    path,
    integrity: item['integrity'] as string,
    method,
  }
}

function invalid(file: string, what: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `The install state file ${what}.`, {
    path: file,
    hint: 'Restore it from a backup, or delete it and reinstall with --force.',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** The agent skills folders of a scope and the shared one skillship's links point into. */
export interface ScopeFolders {
  /** Every agent skills folder of the scope: the only folders its state file may claim. */
  readonly skillsDirs: ReadonlySet<string>
  /** The shared skills folder (`.agents/skills`, or the user's). */
  readonly sharedDir: string
}

/** The folders of `options.scope` (install, list and doctor agree on them). */
export function scopeFolders(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
): ScopeFolders {
  const dirs = {
    scope: options.scope,
    projectRoot: options.projectRoot,
    home: options.home,
    env: options.env,
  }
  return {
    skillsDirs: allAgentSkillDirs(dirs),
    sharedDir: agentSkillDirs(findAgent('generic'), dirs)[0] ?? '',
  }
}

/**
 * The scope's state file read as install reads it: only the records it may claim (claimedState),
 * so `list` and `doctor` never report or inspect a path a planted state names.
 */
export async function readClaimedState(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
): Promise<ClaimedState> {
  const state = await readInstalledState(installerPaths(options).state)
  return claimedState(state, scopeFolders(options).skillsDirs)
}

/**
 * INSTALL_LOCAL_CHANGES when a skill folder skillship placed in this scope was changed since: run
 * before anything is fetched, built or written (every claimed folder is either kept as the lock
 * wants it, replaced or removed by an install, so any edit would be overwritten). The placement
 * sync proves each target again before writing, for what changes meanwhile.
 */
export async function assertNoEditedPlacements(
  options: Pick<InstallerOptions, 'scope' | 'projectRoot' | 'home' | 'env'>,
  lockfile: Lockfile | undefined,
): Promise<void> {
  const { state } = await readClaimedState(options)
  const { sharedDir } = scopeFolders(options)
  assertUnchanged(changedPlacements(state.skills, { sharedDir, lockfile }))
}
