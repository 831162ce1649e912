import { mkdir, readFile } from 'node:fs/promises'
import { basename, dirname, resolve } from 'node:path'
import { errnoCode as errorCode } from '@skillship/core/errors'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { isSafeSkillName } from '../link/safe-skill-name.js'
import {
  type InstalledRecord,
  type InstalledState,
  installedStateVersion,
  parseInstalledState,
} from './installed-state-schema.js'

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
