import { rename, rm } from 'node:fs/promises'
import { SkillshipError } from '@skillship/core'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { errorCode, lstatIfExists } from './lstat-if-exists.js'

/** What to swap and where to park what was there. */
export interface SwapIntoPlaceOptions {
  /** The finished folder or symlink, in staging. */
  readonly built: string
  readonly target: string
  /** A staging path prefix for the replaced entry (`<slot>-old`); `-<n>` is appended. */
  readonly asidePrefix: string
  /** Whether an existing entry at `target` may be replaced; else INSTALL_TARGET_CONFLICT. */
  readonly replace: boolean
}

// Another process put something at the target between our move-aside and our rename.
const raced = new Set(['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR'])
const maxAttempts = 3

/**
 * Renames `built` to `target`. A symlink replaces a symlink in one atomic rename; anything else
 * already there is first renamed aside into staging, then deleted once the new entry is in place.
 * So `target` is at every instant absent, the old entry or the new one, never partial. If the
 * final rename fails, the old entry is put back. Returns whether something was replaced.
 */
export async function swapIntoPlace(options: SwapIntoPlaceOptions): Promise<boolean> {
  const builtIsLink = (await lstatIfExists(options.built))?.isSymbolicLink() === true
  let replaced = false
  for (let attempt = 1; ; attempt++) {
    const outcome = await trySwap(options, builtIsLink, attempt)
    replaced ||= outcome.replaced
    if (outcome.done) return replaced
  }
}

async function trySwap(
  options: SwapIntoPlaceOptions,
  builtIsLink: boolean,
  attempt: number,
): Promise<{ done: boolean; replaced: boolean }> {
  const existing = await lstatIfExists(options.target)
  if (existing !== undefined && !options.replace) throw targetConflict(options.target)
  const aside = `${options.asidePrefix}-${attempt}`
  const moveAside = existing !== undefined && !(builtIsLink && existing.isSymbolicLink())
  if (moveAside) await rename(options.target, aside)
  try {
    await rename(options.built, options.target)
  } catch (error) {
    if (moveAside) await restore(aside, options.target)
    if (attempt < maxAttempts && raced.has(errorCode(error) ?? '')) {
      return { done: false, replaced: false }
    }
    throw error
  }
  if (moveAside) await rm(aside, { recursive: true, force: true })
  return { done: true, replaced: existing !== undefined }
}

async function restore(aside: string, target: string): Promise<void> {
  try {
    await rename(aside, target)
  } catch (error) {
    // Someone else's entry now holds the target; ours stays in staging for the stale cleanup.
    if (!raced.has(errorCode(error) ?? '')) throw error
  }
}

/** INSTALL_TARGET_CONFLICT for an entry at `target` that may not be replaced. */
export function targetConflict(target: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.TargetConflict,
    `${target} already exists and may not be replaced.`,
    { hint: 'If skillship did not install it, move or delete it, or pass --force.', path: target },
  )
}
