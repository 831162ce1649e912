import { lstat, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'

/** The server-owned folder publishes unpack into: `<data folder>/scratch`. */
export function publishScratchRoot(dataDir: string): string {
  return join(dataDir, 'scratch')
}

const prefix = 'publish-'
// `publish-<pid>-<6 characters of mkdtemp>`: the pid says which process owns it.
const scratchName = /^publish-([1-9]\d{0,9})-[A-Za-z0-9]{6}$/

/** A fresh scratch folder for one publish of this process, under `root` (created if missing). */
export async function createPublishScratch(root: string): Promise<string> {
  await mkdir(root, { recursive: true, mode: 0o700 })
  return mkdtemp(join(root, `${prefix}${process.pid}-`))
}

/** Options of {@link removeStaleScratch}. */
export interface StaleScratchOptions {
  /** Only folders not modified for this long are stale (default one hour). */
  readonly graceMs?: number
  readonly now?: () => number
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: a process we may not signal exists.
    return (error as { code?: unknown }).code !== 'ESRCH'
  }
}

/**
 * Removes the scratch folders a crashed publish left in `root`, and only those provably stale and
 * the server's own: a real directory (never a symlink or a file) named `publish-<pid>-<random>`,
 * whose pid is not this process and names no live process, untouched for `graceMs`. Anything else
 * in `root` is left alone. Returns the names removed; a missing `root` is nothing to clean.
 */
export async function removeStaleScratch(
  root: string,
  options: StaleScratchOptions = {},
): Promise<string[]> {
  const graceMs = options.graceMs ?? 60 * 60 * 1000
  const now = options.now ?? Date.now
  let entries: string[]
  try {
    entries = await readdir(root)
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return []
    throw error
  }
  const removed: string[] = []
  for (const name of entries) {
    const pid = Number(scratchName.exec(name)?.[1])
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue
    const path = join(root, name)
    const stats = await lstat(path)
    if (!stats.isDirectory() || now() - stats.mtimeMs < graceMs) continue
    await rm(path, { recursive: true, force: true })
    removed.push(name)
  }
  return removed
}
