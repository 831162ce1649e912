import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** Who holds a skill path: nobody, skillship (recorded), or someone else but --force was given. */
export type TargetOwnership = 'absent' | 'owned' | 'forced'

/** What is known of a skill path: whether the state records it, whether anything is there. */
export interface TargetFacts {
  readonly path: string
  readonly recorded: boolean
  readonly present: boolean
  readonly force?: boolean
}

/**
 * Decides whether skillship may write `path`: 'owned' when the state records it, free when
 * nothing is there, 'forced' for an unrecorded entry with `force`; otherwise
 * INSTALL_TARGET_CONFLICT, so a user's own skill folder with the same name is left untouched. Pass
 * `replace: ownership !== 'absent'` to placeSkill, and record the path in the state (written)
 * before placing, so a crash mid-place never leaves an unrecorded skillship folder that later
 * reads as the user's.
 */
export function checkTargetOwnership(facts: TargetFacts): TargetOwnership {
  if (facts.recorded) return 'owned'
  if (!facts.present) return 'absent'
  if (facts.force === true) return 'forced'
  throw new SkillshipError(
    InstallErrorCode.TargetConflict,
    `${facts.path} already exists and was not installed by skillship.`,
    { path: facts.path, hint: 'Move or delete it, or pass --force to replace it.' },
  )
}
