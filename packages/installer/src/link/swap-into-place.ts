import { renameSync, rmSync } from 'node:fs'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { lstatSyncIfExists } from '../shared/helpers.js'

/** What to swap and where to park what was there. */
export interface SwapIntoPlaceOptions {
  /** The finished folder or symlink, in staging. */
  readonly built: string
  readonly target: string
  /** A staging path prefix for the replaced entry; `-<n>` is appended. */
  readonly asidePrefix: string
  /** Whether an existing entry at `target` may be replaced; else INSTALL_TARGET_CONFLICT. */
  readonly replace: boolean
  /** Whether `built` is a symlink, when the caller knows (spares an lstat). */
  readonly builtIsLink?: boolean
}

// Another process put something at the target between our move-aside and our rename.
const raced = new Set(['EEXIST', 'ENOTEMPTY', 'ENOTDIR', 'EISDIR'])
const maxAttempts = 3

/**
 * Renames `built` to `target`. A symlink replaces a symlink in one atomic rename; anything else
 * already there is first renamed aside into staging, then deleted once the new entry is in place.
 * So `target` is at every instant absent, the old entry or the new one, never partial. If the
 * final rename fails, the old entry is put back. Returns whether something was replaced.
 * Synchronous: a handful of syscalls per placement, for hundreds of placements.
 */
export function swapIntoPlace(options: SwapIntoPlaceOptions): boolean {
  const builtIsLink =
    options.builtIsLink ?? lstatSyncIfExists(options.built)?.isSymbolicLink() === true
  let replaced = false
  for (let attempt = 1; ; attempt++) {
    const outcome = trySwap(options, builtIsLink, attempt)
    replaced ||= outcome.replaced
    if (outcome.done) return replaced
  }
}

function trySwap(
  options: SwapIntoPlaceOptions,
  builtIsLink: boolean,
  attempt: number,
): { done: boolean; replaced: boolean } {
  const existing = lstatSyncIfExists(options.target)
  if (existing !== undefined && !options.replace) throw targetConflict(options.target)
  const aside = `${options.asidePrefix}-${attempt}`
  const moveAside = existing !== undefined && !(builtIsLink && existing.isSymbolicLink())
  if (moveAside) renameSync(options.target, aside)
  try {
    renameSync(options.built, options.target)
  } catch (error) {
    if (moveAside) restore(aside, options.target)
    if (attempt < maxAttempts && raced.has(errnoCode(error) ?? '')) {
      return { done: false, replaced: false }
    }
    throw error
  }
  if (moveAside) rmSync(aside, { recursive: true, force: true })
  return { done: true, replaced: existing !== undefined }
}

function restore(aside: string, target: string): void {
  try {
    renameSync(aside, target)
  } catch (error) {
    // Someone else's entry now holds the target; ours stays in staging for the stale cleanup.
    if (!raced.has(errnoCode(error) ?? '')) throw error
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
