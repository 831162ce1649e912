import { createHash } from 'node:crypto'
import { lstatSync, readFileSync, type Stats } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import { replaceFileSync } from '../shared/helpers.js'

/**
 * What the last successful install left on disk: the exact skillship.json and skillship.lock it
 * installed, and the identity (inode, size, mtime, ctime) of every file it placed or verified. When
 * all of it is unchanged, a frozen install has nothing to do and needs neither the store nor the
 * network. Placed files are recorded sealed (mtime 1980-01-01, placed-marker.ts isSealedAsPlaced):
 * any write to one sets its mtime to the present, and putting the mtime back sets a new ctime, so
 * no edit leaves a placed file's identity as recorded. Any difference sends the install down the
 * full path, which checks every placed file against the lock by content.
 */
export interface InstallStamp {
  readonly version: 3
  readonly manifestSha256: string
  readonly lockfileSha256: string
  /** The install's result (every placement verified at the time). */
  readonly result: StampedResult
  /**
   * What the verdict check reads of each lock entry the install wrote into the skillship.lock
   * whose hash is `lockfileSha256`, so a no-op frozen install checks verdicts without parsing
   * skillship.lock (stampedLocks).
   */
  readonly locked: Readonly<Record<string, StampedLock>>
  /** `[path, ino, size, mtimeMs, ctimeMs]` for every placed file and symlink, and every env marker. */
  readonly files: readonly StampedFile[]
  /** Whether the install prepared the skills' environments (false after --skip-runtimes). */
  readonly runtimes?: boolean
}

/** The part of an install result a stamp repeats. */
export interface StampedResult {
  readonly skills: readonly {
    name: string
    version: string
    integrity: string
    source: unknown
    changed: false
  }[]
  readonly agents: readonly {
    agent: string
    path: string
    method: 'folder' | 'symlink'
    verified: true
  }[]
}

/**
 * The part of a lock entry the stamped verdict check reads (checkStampedVerdicts): the version,
 * its source and integrity (asked about, and signed over), and its audit record (reused or not).
 */
export type StampedLock = Pick<LockedSkill, 'version' | 'source' | 'integrity' | 'audit'>

/** The part of a file's stats a stamp records. */
export type StampStats = Pick<Stats, 'ino' | 'size' | 'mtimeMs' | 'ctimeMs'>

type StampedFile = readonly [string, number, number, number, number]

/** Where the stamp of a project lives. */
export function installStampPath(projectRoot: string): string {
  return join(projectRoot, '.skillship', 'install-stamp.json')
}

function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

function sha256Of(bytes: Buffer | undefined): string | undefined {
  return bytes === undefined ? undefined : createHash('sha256').update(bytes).digest('hex')
}

function identity(path: string, known?: ReadonlyMap<string, StampStats>): StampedFile | undefined {
  const stats = known?.get(path) ?? lstatSync(path, { throwIfNoEntry: false })
  return stats === undefined
    ? undefined
    : [path, stats.ino, stats.size, stats.mtimeMs, stats.ctimeMs]
}

/** A stamp found unchanged: its result, and the lock entries of the skillship.lock it matched. */
export interface UnchangedStamp {
  readonly result: StampedResult
  /**
   * The lock entries as the install wrote them into the skillship.lock whose bytes still match:
   * what the verdict check reads (`checkStampedVerdicts`), so a no-op never parses the file.
   */
  readonly locked: Readonly<Record<string, StampedLock>>
}

/**
 * The stamped result when nothing changed since the last install of `projectRoot`, else
 * undefined (no stamp, other manifest or lockfile bytes, any placed file or env marker changed or
 * gone, or environments wanted that the last install skipped).
 */
export function checkInstallStamp(
  projectRoot: string,
  options: { readonly runtimes: boolean } = { runtimes: true },
): UnchangedStamp | undefined {
  let stamp: InstallStamp
  try {
    stamp = JSON.parse(readFileSync(installStampPath(projectRoot), 'utf8')) as InstallStamp
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' || error instanceof SyntaxError)
      return undefined
    throw error
  }
  if (stamp.version !== 3) return undefined
  if (options.runtimes && stamp.runtimes !== true) return undefined
  const manifest = readIfExists(join(projectRoot, 'skillship.json'))
  if (sha256Of(manifest) !== stamp.manifestSha256) return undefined
  const lockfile = readIfExists(join(projectRoot, 'skillship.lock'))
  if (lockfile === undefined || sha256Of(lockfile) !== stamp.lockfileSha256) return undefined
  for (const recorded of stamp.files) {
    const now = identity(recorded[0])
    if (now === undefined || now.some((value, index) => value !== recorded[index])) return undefined
  }
  return { result: stamp.result, locked: stamp.locked }
}

/**
 * Records a successful install (call after the lockfile and manifest are written). Placed folders
 * contribute every file listed for them; symlinks contribute the link itself; `envFiles` (the
 * markers and interpreters of the skills' environments) and `runtimes` (whether they were
 * prepared) make a damaged or skipped environment send the next frozen install down the full path.
 */
export async function writeInstallStamp(
  projectRoot: string,
  result: StampedResult,
  /** The lock entries the install wrote (skillship.lock, before this call). */
  lockfile: { readonly skills: Readonly<Record<string, LockedSkill>> },
  placements: readonly {
    path: string
    method: 'folder' | 'symlink'
    files: readonly { path: string }[]
  }[],
  environments: { readonly runtimes: boolean; readonly envFiles: readonly string[] } = {
    runtimes: false,
    envFiles: [],
  },
  /** Stats of placed files taken during this install (after placing), spared a second lstat. */
  known?: ReadonlyMap<string, StampStats>,
): Promise<void> {
  const files: StampedFile[] = []
  for (const path of environments.envFiles) {
    const entry = identity(path)
    if (entry) files.push(entry)
  }
  for (const placement of placements) {
    const paths =
      placement.method === 'symlink'
        ? [placement.path]
        : placement.files.map((f) => join(placement.path, f.path))
    for (const path of paths) {
      const entry = identity(path, known)
      if (entry) files.push(entry)
    }
  }
  const stamp: InstallStamp = {
    version: 3,
    manifestSha256: sha256Of(readIfExists(join(projectRoot, 'skillship.json'))) ?? '',
    lockfileSha256: sha256Of(readIfExists(join(projectRoot, 'skillship.lock'))) ?? '',
    result,
    locked: stampedLocks(lockfile.skills),
    files,
    runtimes: environments.runtimes,
  }
  const path = installStampPath(projectRoot)
  await mkdir(dirname(path), { recursive: true })
  replaceFileSync(path, JSON.stringify(stamp))
}

function stampedLocks(skills: Readonly<Record<string, LockedSkill>>): Record<string, StampedLock> {
  const locked: Record<string, StampedLock> = {}
  for (const [name, { version, source, integrity, audit }] of Object.entries(skills))
    locked[name] = { version, source, integrity, ...(audit === undefined ? {} : { audit }) }
  return locked
}

/** Removes the stamp, so the next install takes the full path (any install that changes things). */
export async function clearInstallStamp(projectRoot: string): Promise<void> {
  await rm(installStampPath(projectRoot), { force: true })
}
