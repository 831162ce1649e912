import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, isAbsolute, join, resolve } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import type { RegistryClient } from '@skillship/registry-client'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallScope } from '../link/agents.js'
import type { ProgressKind } from '../runtimes/tool-progress.js'
import type { GitHosts } from '../source/parse-git-shorthand.js'

export interface ProjectLockOptions {
  /** How long to wait for another install to finish before INSTALL_LOCKED (default 30 s). */
  readonly timeoutMs?: number
  /** A lock older than this is taken over even when its process seems alive (default 10 min). */
  readonly staleMs?: number
}

/** A held project lock. */
export interface ProjectLock {
  /** The lock file. */
  readonly path: string
  /** Deletes the lock file if it is still ours (not taken over); idempotent. */
  release(): Promise<void>
}

export const defaultLockTimeoutMs = 30_000
export const defaultLockStaleMs = 10 * 60_000
const maxPollMs = 250

/**
 * Takes the exclusive install lock of a project: `<dir>/.skillship/install.lock`, created with
 * O_EXCL and holding `{ pid, hostname, startedAt }`. A lock whose process is dead on this host,
 * or older than `staleMs`, is taken over; otherwise this polls with backoff until `timeoutMs` and
 * then throws INSTALL_LOCKED naming the holder's pid. Not reentrant: a second acquire in the same
 * process waits like any other.
 */
export async function acquireProjectLock(
  dir: string,
  options: ProjectLockOptions = {},
): Promise<ProjectLock> {
  const { timeoutMs = defaultLockTimeoutMs, staleMs = defaultLockStaleMs } = options
  const path = join(dir, '.skillship', 'install.lock')
  await mkdir(dirname(path), { recursive: true })
  const deadline = Date.now() + timeoutMs
  for (let delay = 10; ; delay = Math.min(delay * 2, maxPollMs)) {
    const mine = await tryCreate(path)
    if (mine !== undefined) return { path, release: once(() => releaseIfOurs(path, mine)) }
    const holder = await readLockHolder(path)
    if (holder === undefined) continue
    if (isStale(holder, staleMs)) {
      await takeOver(path, holder)
      continue
    }
    const left = deadline - Date.now()
    if (left <= 0) throw lockedError(path, holder)
    await sleep(Math.min(delay, left))
  }
}

/** Creates the lock file; the content it wrote, or undefined when a lock exists. */
async function tryCreate(path: string): Promise<string | undefined> {
  const record = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString() }
  const text = `${JSON.stringify(record)}\n`
  try {
    await writeFile(path, text, { flag: 'wx' })
    return text
  } catch (error) {
    if (errnoCode(error) === 'EEXIST') return undefined
    throw error
  }
}

function isStale(holder: LockHolder, staleMs: number): boolean {
  if (Date.now() - holder.startedAtMs > staleMs) return true
  return holder.pid !== undefined && holder.hostname === hostname() && !isProcessAlive(holder.pid)
}

/**
 * Moves the stale lock aside in one rename, so of several waiters only one removes it. If what it
 * moved is not the lock it judged (a fresh one replaced it meanwhile), it puts that one back.
 */
async function takeOver(path: string, judged: LockHolder): Promise<void> {
  const aside = `${path}.stale-${randomBytes(6).toString('hex')}`
  try {
    await rename(path, aside)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return
    throw error
  }
  if ((await readFile(aside, 'utf8')) !== judged.text) await restore(aside, path)
  await unlink(aside)
}

async function restore(aside: string, path: string): Promise<void> {
  try {
    await link(aside, path)
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error
  }
}

// A waiter judging a stale lock moves the file aside for a moment (`takeOver`) and puts back one
// it did not judge: a release in that window finds no file, or loses it between read and unlink.
const releaseRetries = 20
const releaseRetryMs = 5

/** Removes the lock if it is still ours, waiting out a waiter's moment of moving it aside. */
async function releaseIfOurs(path: string, text: string): Promise<void> {
  for (let attempt = 0; attempt < releaseRetries; attempt += 1) {
    const holder = await readLockHolder(path)
    if (holder !== undefined && holder.text !== text) return
    if (holder !== undefined && (await unlinkUnlessGone(path))) return
    await sleep(releaseRetryMs)
  }
}

/** True when the file was removed; false when it was not there. */
async function unlinkUnlessGone(path: string): Promise<boolean> {
  try {
    await unlink(path)
    return true
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}

function once(action: () => Promise<void>): () => Promise<void> {
  let done: Promise<void> | undefined
  return () => {
    done ??= action()
    return done
  }
}

function lockedError(path: string, holder: LockHolder): SkillshipError {
  const who = holder.pid === undefined ? 'another process' : `process ${holder.pid}`
  return new SkillshipError(
    InstallErrorCode.Locked,
    `Another skillship install is running in this project (${who} on ${holder.hostname ?? 'an unknown host'})`,
    {
      path,
      details: { pid: holder.pid, hostname: holder.hostname, startedAt: holder.startedAt },
      hint: `Wait for it to finish. If no such process runs, delete ${path}.`,
    },
  )
}

/**
 * True when a process with `pid` exists on this host (signal 0 probes without signalling).
 * EPERM means it exists under another user. Anything but a positive integer is never alive:
 * `kill(0)` and negative pids would address whole process groups.
 */
export function isProcessAlive(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ESRCH') return false
    if (code === 'EPERM') return true
    throw new Error(`Cannot probe process ${pid}`, { cause: error })
  }
}

/** Who holds a lock, as far as its file tells. */
export interface LockHolder {
  /** The file's exact text: a takeover or release acts only on the lock it judged. */
  readonly text: string
  readonly pid: number | undefined
  readonly hostname: string | undefined
  readonly startedAt: string | undefined
  /** `startedAt`, or the file's mtime when the content is unreadable (still being written). */
  readonly startedAtMs: number
}

/** Reads the lock file at `path`; undefined when there is none (released meanwhile). */
export async function readLockHolder(path: string): Promise<LockHolder | undefined> {
  let text: string
  let mtimeMs: number
  try {
    text = await readFile(path, 'utf8')
    mtimeMs = (await stat(path)).mtimeMs
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
  const record = parseRecord(text)
  const pid = record['pid']
  const host = record['hostname']
  const startedAt = record['startedAt']
  const started = typeof startedAt === 'string' ? Date.parse(startedAt) : Number.NaN
  return {
    text,
    pid: typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 0 ? pid : undefined,
    hostname: typeof host === 'string' ? host : undefined,
    startedAt: typeof startedAt === 'string' ? startedAt : undefined,
    startedAtMs: Number.isNaN(started) ? mtimeMs : started,
  }
}

// Empty or partial content is normal for a moment: the holder creates the file, then writes it.
function parseRecord(text: string): Readonly<Record<string, unknown>> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (error instanceof SyntaxError) return {}
    throw error
  }
  return isJsonRecord(value) ? value : {}
}

/** One step of a long install, for progress display (docs/runtimes.md, "Progress"). */
export interface InstallProgress {
  readonly phase: 'resolve' | 'fetch' | 'runtime' | 'place' | 'remove'
  readonly name: string
  readonly done: number
  readonly total: number
  /** A line of what a tool (pip, npm) is doing, for the runtime phase. */
  readonly detail?: string
  /** What `detail` is; absent means `output`. */
  readonly kind?: ProgressKind
}

/** Everything an install needs; the library reads no environment, argv or home folder itself. */
export interface InstallerOptions {
  /** The folder holding skillship.json (the project, or `~/.skillship/global` for --global). */
  readonly projectRoot: string
  readonly scope: InstallScope
  readonly home: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** The content-addressed store folder. */
  readonly storeRoot: string
  /** Where skill environments live (`~/.skillship/envs`, `SKILLSHIP_ENVS`): one folder per key. */
  readonly envsRoot: string
  /** skillship's own folder (`~/.skillship`, `SKILLSHIP_HOME`): config, the known-projects list. */
  readonly skillshipHome: string
  /** The registry used when skillship.json names none. */
  readonly registry: string
  readonly clientFor: (registryUrl: string) => RegistryClient
  readonly onProgress?: (progress: InstallProgress) => void
  /**
   * Where `owner/repo`, `github:` and `gitlab:` point (the user's environment or config, never a
   * project file). Default: github.com and gitlab.com.
   */
  readonly gitHosts?: GitHosts
}

/** The files an install reads and writes, derived from the options. */
export function installerPaths(options: Pick<InstallerOptions, 'projectRoot' | 'scope' | 'home'>) {
  return {
    projectRoot: options.projectRoot,
    manifest: join(options.projectRoot, 'skillship.json'),
    lockfile: join(options.projectRoot, 'skillship.lock'),
    lockDir: options.projectRoot,
    state:
      options.scope === 'project'
        ? join(options.projectRoot, '.skillship', 'installed.json')
        : join(options.home, '.skillship', 'installed-user.json'),
    runtimes:
      options.scope === 'project'
        ? join(options.projectRoot, '.skillship', 'runtimes.json')
        : join(options.home, '.skillship', 'runtimes-user.json'),
  }
}

/** The list of project roots that installed into this skillship home, for `skillship gc`. */
export const knownProjectsFile = 'projects.json'

// A write another writer overwrote at the same instant is noticed by the next read and made
// again, this many times at most.
const maxWriteAttempts = 3

/**
 * Adds the absolute `projectRoot` to `<skillshipHome>/projects.json` (`{ version: 1, projects }`,
 * sorted), so that gc counts what it references. Cheap when already listed: one read, no write.
 * Otherwise the list is read again right before the atomic write and merged, then read back (and
 * written again if a concurrent writer dropped it). Two installs adding at the same instant can
 * still lose one addition (the last rename wins, after the read back); that is
 * accepted because every install calls this: the project is listed again by its next install.
 * Until then gc does not see its references, which is why gc also spares anything younger than a
 * minute. Throws INSTALL_VERIFY_FAILED for a file that is not a known-projects list.
 */
export async function rememberProject(skillshipHome: string, projectRoot: string): Promise<void> {
  const root = resolve(projectRoot)
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    if ((await knownProjects(skillshipHome)).includes(root)) return
    await updateKnownProjects(skillshipHome, (projects) => [...projects, root])
  }
}

/** The project roots listed in `<skillshipHome>/projects.json`; none when it does not exist. */
export async function knownProjects(skillshipHome: string): Promise<string[]> {
  const path = join(skillshipHome, knownProjectsFile)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(path, 'is not valid JSON', error)
  }
  if (!isJsonRecord(value)) throw invalid(path, 'is not a JSON object')
  const { version, projects } = value
  if (version !== 1) throw invalid(path, `has version ${String(version)}, expected 1`)
  if (!Array.isArray(projects) || !projects.every((p) => typeof p === 'string' && isAbsolute(p))) {
    throw invalid(path, 'has no "projects" list of absolute paths')
  }
  return projects
}

/**
 * Removes `roots` from the list (gc drops projects whose folder is gone), reading it right before
 * the atomic write. A project removed here that an install adds back at the same instant may stay
 * unlisted until its next install, as above.
 */
export async function forgetProjects(
  skillshipHome: string,
  roots: readonly string[],
): Promise<void> {
  const gone = new Set(roots.map((root) => resolve(root)))
  await updateKnownProjects(skillshipHome, (projects) => projects.filter((p) => !gone.has(p)))
}

async function updateKnownProjects(
  skillshipHome: string,
  change: (projects: readonly string[]) => string[],
): Promise<void> {
  const projects = [...new Set(change(await knownProjects(skillshipHome)))].sort()
  await mkdir(skillshipHome, { recursive: true })
  const text = `${JSON.stringify({ version: 1, projects }, null, 2)}\n`
  await writeFileAtomic(join(skillshipHome, knownProjectsFile), text, { skipIfEqual: true })
}

function invalid(path: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `${path} ${problem}`, {
    path,
    hint:
      'Fix it, or delete it and run `skillship install` in each of your projects before the ' +
      'next `skillship gc` (gc keeps only what listed projects reference).',
    ...(cause === undefined ? {} : { cause }),
  })
}
