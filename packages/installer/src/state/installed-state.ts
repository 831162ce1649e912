import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readSync,
  type Stats,
  writeFileSync,
} from 'node:fs'
import { mkdir, readFile } from 'node:fs/promises'
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { errnoCode, errnoCode as errorCode, SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { agentSkillDirs, allAgentSkillDirs, findAgent, isSafeSkillName } from '../link/agents.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { type InstallerOptions, installerPaths } from '../project/project.js'
import { parseJsonOrUndefined } from '../shared/helpers.js'
import { sealedMtimeMs } from '../store/store-seal.js'

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
 * The file skillship writes into every skill folder it places: what it placed there (skill name,
 * store integrity, and each file's path, size and SHA-256, with the inode and ctime the file had
 * once sealed: see isSealedAsPlaced). It is not part of the skill: it is
 * never listed in a store entry, a lock entry or a skill digest, and verification of a placed
 * folder ignores it. A hidden name, so agents and `skillship lint` of the folder skip it.
 */
export const placedMarkerName = '.skillship-placed.json'

const markerKind = 'skillship-placed-skill'
// A marker lists one line per file of a skill (bounded by core's tree limits); anything bigger
// was not written by skillship.
const maxMarkerBytes = 4 * 1024 * 1024

/** A placed file's stats as skillship left it (after its seal). */
export interface PlacedFileStats {
  readonly ino: number
  readonly size: number
  readonly mtimeMs: number
  readonly ctimeMs: number
}

/** One file of a marker; `ino` and `ctimeMs` are absent in markers written before placement seals. */
export interface PlacedMarkerFile extends Pick<LockedFile, 'path' | 'size' | 'sha256'> {
  readonly ino?: number
  readonly ctimeMs?: number
}

/** What skillship placed in one folder. */
export interface PlacedMarker {
  readonly name: string
  readonly integrity: string
  readonly files: readonly PlacedMarkerFile[]
}

/**
 * Whether a placed file is, without reading it, the `expected` file skillship placed: the stat
 * fast path of every modified check. True only when all of these hold: the marker lists the
 * path with the expected SHA-256 (it vouches for that content, not an older version's); the file
 * is a regular file of the expected size; its mtime is still the placement seal (the store's
 * sealed mtime, 1980-01-01: any write to the file sets its mtime to the present, so no edit,
 * however fast after placing, keeps it); and its inode and ctime are those recorded when it was
 * placed (a file replaced by another, or given back the sealed mtime by `touch`, `cp -p` or
 * `rsync -t`, has a new ctime, which no program can set). Anything else is hashed against the lock.
 */
export function isSealedAsPlaced(
  stats: Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'> & { isFile(): boolean },
  expected: Pick<LockedFile, 'size' | 'sha256'>,
  recorded: PlacedMarkerFile | undefined,
): boolean {
  return (
    recorded !== undefined &&
    recorded.sha256 === expected.sha256 &&
    stats.isFile() &&
    stats.size === expected.size &&
    stats.mtimeMs === sealedMtimeMs &&
    stats.ino === recorded.ino &&
    stats.ctimeMs === recorded.ctimeMs
  )
}

/** Writes the marker into the folder `dir` being built (before it is renamed into place). */
export function writePlacedMarker(
  dir: string,
  marker: {
    readonly name: string
    readonly integrity: string
    readonly files: readonly LockedFile[]
    /** Each file's stats after its seal, by path. */
    readonly sealed: ReadonlyMap<string, PlacedFileStats>
  },
): void {
  const files = marker.files.map(({ path, size, sha256 }) => {
    const stats = marker.sealed.get(path)
    return stats === undefined
      ? { path, size, sha256 }
      : { path, size, sha256, ino: stats.ino, ctimeMs: stats.ctimeMs }
  })
  const text = JSON.stringify({
    kind: markerKind,
    name: marker.name,
    integrity: marker.integrity,
    files,
  })
  writeFileSync(join(dir, placedMarkerName), `${text}\n`, { flag: 'wx', mode: 0o644 })
}

/**
 * The marker in the folder `dir`, or undefined when there is none or it is not one skillship
 * wrote (not a regular file, too big, not JSON, wrong shape). Never follows a symlink at its name.
 */
export function readPlacedMarker(dir: string): PlacedMarker | undefined {
  const text = readSmallFile(join(dir, placedMarkerName))
  if (text === undefined) return undefined
  return asMarker(parseJsonOrUndefined(text))
}

function readSmallFile(path: string): string | undefined {
  let fd: number
  try {
    // O_NOFOLLOW: a link planted at the marker's name is not skillship's marker.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
  } catch (error) {
    if (['ENOENT', 'ENOTDIR', 'ELOOP', 'EACCES'].includes(errnoCode(error) ?? '')) return undefined
    throw error
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size > maxMarkerBytes) return undefined
    const buffer = Buffer.alloc(stats.size)
    const read = readSync(fd, buffer, 0, stats.size, 0)
    return buffer.subarray(0, read).toString('utf8')
  } finally {
    closeSync(fd)
  }
}

function asMarker(value: unknown): PlacedMarker | undefined {
  if (!isJsonRecord(value) || value['kind'] !== markerKind) return undefined
  const { name, integrity, files } = value
  if (typeof name !== 'string' || typeof integrity !== 'string' || !Array.isArray(files)) {
    return undefined
  }
  const listed: PlacedMarker['files'][number][] = []
  for (const file of files) {
    if (!isJsonRecord(file)) return undefined
    const { path, size, sha256, ino, ctimeMs } = file
    if (typeof path !== 'string' || typeof size !== 'number' || typeof sha256 !== 'string') {
      return undefined
    }
    const stats = typeof ino === 'number' && typeof ctimeMs === 'number' ? { ino, ctimeMs } : {}
    listed.push({ path, size, sha256, ...stats })
  }
  return { name, integrity, files: listed }
}
