import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import type { FetchedSkill, Source } from '../source/source.js'

/**
 * Fetches what `locked` pins and, when an integrity is expected (the lockfile's, or the
 * registry's), refuses other bytes with INSTALL_INTEGRITY_MISMATCH before anything is stored.
 * `label` names the skill in the message.
 */
export async function fetchVerified(
  source: Source,
  locked: LockedSource,
  expected: string | undefined,
  label: string,
): Promise<FetchedSkill> {
  const fetched = await source.fetch(locked)
  if (expected !== undefined && fetched.integrity !== expected) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `${label}: the fetched content does not match its integrity`,
      {
        hint: 'The source changed or was tampered with. If the change is intended, run `skillship update <name>`.',
        details: { expected, actual: fetched.integrity },
      },
    )
  }
  return fetched
}
