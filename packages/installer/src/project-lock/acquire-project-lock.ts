import { randomBytes } from 'node:crypto'
import { link, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { InstallErrorCode } from '../errors/install-error-codes.js'

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

async function releaseIfOurs(path: string, text: string): Promise<void> {
  const holder = await readLockHolder(path)
  if (holder?.text === text) await unlink(path)
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
