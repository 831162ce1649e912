import { constants, type Stats } from 'node:fs'
import { access, readFile, realpath, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { errnoCode, type SkillshipError } from '@skillship/core/errors'
import { stagingDirName } from '../link/skill-staging.js'
import type { PasswdEntry, WriteRole } from './write-errors.js'
import { foreignOwner, notWritable, roleLabel, rootRefused, userName } from './write-errors.js'

/** Who is installing: `uid` from `process.getuid()`, `home` as given to the installer. */
export interface PreflightOptions {
  readonly uid: number
  readonly allowRoot: boolean
  readonly home: string
}

/**
 * Checks, before anything is written, that every target folder (agent skills folders, the store,
 * the envs folder) can be written by this user, judging the folder or, when it does not exist
 * yet, the nearest existing parent it would be created in. Throws the first problem as
 * INSTALL_FOREIGN_OWNER, INSTALL_NOT_WRITABLE or INSTALL_ROOT_REFUSED (path, owner, mode, role
 * and the fix named), so an install fails up front instead of half-way with EACCES. Returns the
 * warnings of a run as root. A handful of syscalls per target.
 */
export async function preflightWritable(
  targets: readonly WriteTarget[],
  options: PreflightOptions,
): Promise<{ warnings: string[] }> {
  const users = await readPasswdEntries()
  // Every target is looked at concurrently (a dozen stats each, on the thread pool), then judged
  // in order, so the problem reported is the first target's.
  const verdicts = await Promise.all(targets.map((target) => checkWritable(target, options, users)))
  const warnings: string[] = []
  for (const verdict of verdicts.flat()) {
    if (verdict.status === 'error') throw verdict.error
    if (verdict.status === 'warn') warnings.push(verdict.warning)
  }
  return { warnings }
}

/** Who writes, and the home folder skillship was given (`sudo` may keep the invoking user's). */
export interface CheckWritableOptions extends WriterIdentity {
  readonly home: string
}

/**
 * The verdicts for one target: the folder itself (or where it would be created), and for an agent
 * folder also the staging folder beside its real path (`<real parent>/.skillship-staging`), where
 * skills are built before being renamed in. A few stats and one access() per folder. The staging
 * folder adds only errors, and only when it lands in another folder than the target: a root
 * warning or a failure is reported once per target.
 */
export async function checkWritable(
  input: WriteTarget,
  options: CheckWritableOptions,
  users: readonly PasswdEntry[],
): Promise<WriteVerdict[]> {
  const target: WriteTarget = { ...input, path: resolve(input.path) }
  const folder = await gatherFacts(target, target.path, undefined, options, users)
  const verdicts = [decideWritable(folder, options, users)]
  if (target.role !== 'agent folder') return verdicts
  const real = folder.existing === target.path ? await realpath(target.path) : target.path
  const stagingPath = join(dirname(real), stagingDirName)
  const staging = await gatherFacts(target, stagingPath, target.path, options, users)
  if (staging.existing === folder.existing) return verdicts
  const verdict = decideWritable(staging, options, users)
  return verdict.status === 'error' ? [...verdicts, verdict] : verdicts
}

async function gatherFacts(
  target: WriteTarget,
  path: string,
  stagingFor: string | undefined,
  options: CheckWritableOptions,
  users: readonly PasswdEntry[],
): Promise<WriteFacts> {
  const existing = await nearestExistingAncestor(path)
  const isDirectory = existing.stats.isDirectory()
  return {
    target,
    path,
    existing: existing.path,
    isDirectory,
    ownerUid: existing.stats.uid,
    mode: existing.stats.mode & 0o7777,
    access: await writeAccess(existing.path),
    foreignHome:
      options.uid === 0 && isDirectory
        ? await findForeignHome(existing.path, existing.stats.uid, users, options.home)
        : undefined,
    ...(stagingFor === undefined ? {} : { stagingFor }),
  }
}

// Creating an entry needs write and search permission on the folder.
async function writeAccess(path: string): Promise<WriteAccess> {
  try {
    await access(path, constants.W_OK | constants.X_OK)
    return 'ok'
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'EROFS') return 'read-only'
    if (code === 'EACCES' || code === 'EPERM') return 'denied'
    throw error
  }
}

/** The verdict on one folder: go ahead, go ahead with a warning, or the coded error to throw. */
export type WriteVerdict =
  | { readonly status: 'ok' }
  | { readonly status: 'warn'; readonly warning: string }
  | { readonly status: 'error'; readonly error: SkillshipError }

const ok: WriteVerdict = { status: 'ok' }

/**
 * Decides from gathered facts alone (no I/O), so every branch is unit-tested:
 * - not a folder, or a read-only filesystem: INSTALL_NOT_WRITABLE, for anyone;
 * - root: INSTALL_ROOT_REFUSED inside another user's folder or home unless `allowRoot` (then a
 *   warning), else a warning that root will own what is written;
 * - another user's folder: INSTALL_FOREIGN_OWNER when it refuses our writes, and also when it is
 *   the target itself (skills or entries that user left there could not be replaced). A foreign
 *   *ancestor* that lets us create the folder (e.g. `/tmp`, mode 1777) is fine: the new folder
 *   is ours;
 * - our own folder without write or search permission: INSTALL_NOT_WRITABLE.
 */
export function decideWritable(
  facts: WriteFacts,
  who: WriterIdentity,
  users: readonly PasswdEntry[],
): WriteVerdict {
  if (!facts.isDirectory || facts.access === 'read-only') {
    return { status: 'error', error: notWritable(facts, who.uid, users) }
  }
  if (who.uid === 0) return decideAsRoot(facts, who, users)
  const foreign = facts.ownerUid !== who.uid
  if (foreign && (facts.access === 'denied' || facts.existing === facts.path)) {
    return { status: 'error', error: foreignOwner(facts, who.uid, users) }
  }
  if (facts.access === 'denied') {
    return { status: 'error', error: notWritable(facts, who.uid, users) }
  }
  return ok
}

function decideAsRoot(
  facts: WriteFacts,
  who: WriterIdentity,
  users: readonly PasswdEntry[],
): WriteVerdict {
  // Root passes access() everywhere but on read-only mounts and root-squashed network shares.
  if (facts.access === 'denied') return { status: 'error', error: notWritable(facts, 0, users) }
  const target = `the ${roleLabel[facts.target.role]} ${facts.target.path}`
  const home = facts.foreignHome
  if (home === undefined) {
    return {
      status: 'warn',
      warning: `running as root: ${target} and what skillship writes there will belong to root`,
    }
  }
  if (!who.allowRoot) return { status: 'error', error: rootRefused(facts, home, users) }
  return {
    status: 'warn',
    warning:
      `running as root (--allow-root): ${target} is inside ${home.path}, which belongs to ` +
      `${userName(home.uid, users)}; what skillship writes there will belong to root`,
  }
}

/** A folder that belongs to a user other than root, making what is inside it theirs. */
export interface ForeignHome {
  readonly path: string
  readonly uid: number
}

/**
 * For a write as root into `existing` (an existing folder owned by `existingUid`): the folder
 * that makes it another user's territory. That is `existing` itself when a non-root user owns
 * it, else the nearest enclosing home folder (`/home/<x>`, a passwd home, or `extraHome`, the
 * HOME skillship was given, which `sudo` may keep) that a non-root user owns. Files root writes
 * there would be root's, and their owner could not change or remove them. Undefined when no such
 * folder encloses it. Costs one realpath plus one stat per enclosing home folder (usually none
 * or one).
 */
export async function findForeignHome(
  existing: string,
  existingUid: number,
  users: readonly PasswdEntry[],
  extraHome: string,
): Promise<ForeignHome | undefined> {
  if (existingUid !== 0) return { path: existing, uid: existingUid }
  const homes = new Set(
    [...users.filter((user) => user.uid !== 0).map((user) => user.home), extraHome]
      .filter((home) => isAbsolute(home))
      .map((home) => resolve(home)),
  )
  homes.delete('/')
  for (let dir = await realpath(existing); ; dir = dirname(dir)) {
    if (homes.has(dir) || dirname(dir) === '/home') {
      // An ancestor of an existing real path: it exists.
      const { uid } = await stat(dir)
      if (uid !== 0) return { path: dir, uid }
    }
    if (dirname(dir) === dir) return undefined
  }
}

/** The folder a write lands in: the path itself when it exists, else the parent it is created in. */
export interface ExistingAncestor {
  readonly path: string
  /** `stat` (symlinks followed: a linked skills folder is judged by where it points). */
  readonly stats: Stats
}

// Walked past: the path is missing (ENOENT), a component is a file (ENOTDIR, reported once the
// walk reaches that file), or a parent is not searchable (EACCES: the parent is then judged).
const walkPast = new Set(['ENOENT', 'ENOTDIR', 'EACCES'])

/**
 * The nearest existing ancestor of `path` (the path itself included): where `mkdir -p` would
 * start creating folders. One `stat` per missing level; `/` always exists.
 */
export async function nearestExistingAncestor(path: string): Promise<ExistingAncestor> {
  let current = resolve(path)
  for (;;) {
    try {
      return { path: current, stats: await stat(current) }
    } catch (error) {
      const parent = dirname(current)
      if (!walkPast.has(errnoCode(error) ?? '') || parent === current) throw error
      current = parent
    }
  }
}

/**
 * The entries of a passwd file's text (`name:x:uid:gid:gecos:home:shell`). Comments, blank and
 * malformed lines are skipped: this only makes messages friendlier, it never decides alone.
 */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const [name, , uidText, , , home] = line.split(':')
    if (name === undefined || name === '' || uidText === undefined || home === undefined) continue
    if (!/^\d+$/.test(uidText)) continue
    entries.push({ name, uid: Number(uidText), home })
  }
  return entries
}

/**
 * The entries of `/etc/passwd` (or `path`); none when the file does not exist (containers,
 * Windows). Users from NSS sources (LDAP, ...) are not listed: they show as bare uids.
 */
export async function readPasswdEntries(path = '/etc/passwd'): Promise<PasswdEntry[]> {
  try {
    return parsePasswd(await readFile(path, 'utf8'))
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
}

/** What `access(W_OK | X_OK)` said about the folder a write lands in. */
export type WriteAccess = 'ok' | 'denied' | 'read-only'

/** Everything the permission decision looks at for one target, gathered from the disk. */
export interface WriteFacts {
  readonly target: WriteTarget
  /** The folder to write into: the target's path, or its staging folder (see `stagingFor`). */
  readonly path: string
  /** `path` when it exists, else its nearest existing ancestor (where `path` would be created). */
  readonly existing: string
  readonly isDirectory: boolean
  readonly ownerUid: number
  /** Permission bits of `existing` (`stats.mode & 0o7777`). */
  readonly mode: number
  readonly access: WriteAccess
  /** Only gathered when running as root (see findForeignHome). */
  readonly foreignHome: ForeignHome | undefined
  /**
   * Set (to the skills folder) when `path` is an agent skills folder's staging folder: skills are
   * built in `<real parent>/.skillship-staging` and renamed in, so it must be writable too.
   */
  readonly stagingFor?: string
}

/** A folder skillship is about to write into (it may not exist yet: it is then created). */
export interface WriteTarget {
  readonly path: string
  readonly role: WriteRole
}

/** Who is writing. `uid` is the effective user id (`process.getuid()`); 0 is root. */
export interface WriterIdentity {
  readonly uid: number
  /** `--allow-root`: root may write into another user's home (with a warning). */
  readonly allowRoot: boolean
}
