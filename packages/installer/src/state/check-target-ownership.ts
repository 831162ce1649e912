import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { lstatIfExists } from '../link/lstat-if-exists.js'
import { recordsAt } from './installed-state.js'
import type { InstalledState } from './installed-state-schema.js'

/** Who holds a skill path: nobody, skillship (recorded), or someone else but --force was given. */
export type TargetOwnership = 'absent' | 'owned' | 'forced'

/**
 * Decides whether skillship may write `path`: free when nothing is there, 'owned' when the state
 * records it, 'forced' for an unrecorded entry with `force`; otherwise INSTALL_TARGET_CONFLICT, so a
 * user's own skill folder with the same name is left untouched. Pass `replace: ownership !==
 * 'absent'` to placeSkill, and record the path in the state (written) before placing, so a crash
 * mid-place never leaves an unrecorded skillship folder that later reads as the user's.
 */
export async function checkTargetOwnership(
  state: InstalledState,
  path: string,
  options: { readonly force?: boolean } = {},
): Promise<TargetOwnership> {
  if (recordsAt(state, path).length > 0) return 'owned'
  if ((await lstatIfExists(path)) === undefined) return 'absent'
  if (options.force === true) return 'forced'
  throw new SkillshipError(
    InstallErrorCode.TargetConflict,
    `${path} already exists and was not installed by skillship.`,
    { path, hint: 'Move or delete it, or pass --force to replace it.' },
  )
}
