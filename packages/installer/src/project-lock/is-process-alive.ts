import { errnoCode } from '@skillship/core/errors'

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
