import type { SkillIssue } from '@skillship/core'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { placedMarkerName } from '../link/placed-marker.js'
import { loadValidSkill } from '../source/load-valid-skill.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import type { FetchedSkill, Source } from '../source/source.js'
import type { StoreEntry } from '../store/content-store.js'

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

/**
 * Checks a store entry before it is placed as `name`: its SKILL.md must be valid (core's
 * validation; INSTALL_INVALID_SKILL; with `force`, spec violations are returned instead) and name
 * exactly `name` (INSTALL_NAME_MISMATCH, whatever `force` says). Bytes
 * matching an integrity prove only that they are what the source sent: a hostile registry can
 * sign a tarball whose SKILL.md names `../../evil` or another skill.
 */
export async function assertStoredSkill(
  entry: Pick<StoreEntry, 'dir' | 'files'>,
  name: string,
  options: { readonly force?: boolean } = {},
): Promise<readonly SkillIssue[]> {
  // The placed-skill marker's name is skillship's: a skill shipping it could pose as placed.
  if (entry.files.some((file) => file.path === placedMarkerName)) {
    throw new SkillshipError(
      InstallErrorCode.InvalidSkill,
      `The skill fetched as '${name}' holds ${placedMarkerName}, a name skillship reserves`,
      { hint: 'Remove that file from the skill and publish it again.' },
    )
  }
  const valid = await loadValidSkill(entry.dir, undefined, options)
  if (valid.name === name) return valid.waived
  throw new SkillshipError(
    InstallErrorCode.NameMismatch,
    `The skill fetched as '${name}' names itself '${valid.name}' in its SKILL.md`,
    {
      hint: 'The source serves another skill under this name; check the registry or source.',
      details: { expected: name, actual: valid.name },
    },
  )
}
