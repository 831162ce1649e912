import { rename, rm } from 'node:fs/promises'
import { errnoCode, isSkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { renameIfPresent } from '../../shared/helpers.js'
import { checkPythonEnv } from './python-env.js'

// rename(2) onto a non-empty folder (or a file): something is already at the final path.
const occupied = new Set(['ENOTEMPTY', 'EEXIST', 'ENOTDIR', 'EISDIR'])
const maxAttempts = 4

/**
 * Renames the finished `staging` folder to `final` in one atomic step, so `final` is at every
 * instant absent, a complete environment or a damaged one, never half-built. When a valid
 * environment is already there (another process won the race), that one is kept, ours is removed,
 * and 'existing' is returned. A damaged one there is moved aside (into a staging name) and
 * replaced, then deleted.
 */
export async function placePythonEnv(
  staging: string,
  final: string,
): Promise<'placed' | 'existing'> {
  const asides: string[] = []
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(staging, final)
      await removeAll(asides)
      return 'placed'
    } catch (error) {
      if (!occupied.has(errnoCode(error) ?? '') || attempt >= maxAttempts) throw error
    }
    const state = await envState(final)
    if (state === 'valid') {
      await removeAll([staging, ...asides])
      return 'existing'
    }
    if (state === 'damaged') {
      const aside = `${staging}-old-${attempt}`
      if (await renameIfPresent(final, aside)) asides.push(aside)
    }
  }
}

async function envState(path: string): Promise<'valid' | 'missing' | 'damaged'> {
  try {
    await checkPythonEnv(path)
    return 'valid'
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    if (error.code === RuntimeErrorCode.EnvMissing) return 'missing'
    if (error.code === RuntimeErrorCode.EnvCorrupt) return 'damaged'
    throw error
  }
}

async function removeAll(paths: readonly string[]): Promise<void> {
  await Promise.all(paths.map((path) => rm(path, { recursive: true, force: true })))
}
