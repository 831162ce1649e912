import { readFile, stat } from 'node:fs/promises'
import { errnoCode } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'

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
