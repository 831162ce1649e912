import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** INSTALL_MANIFEST_INVALID naming the file and the field (`skills.PDF`, `agents[1]`). */
export function manifestInvalid(
  path: string,
  field: string,
  problem: string,
  cause?: unknown,
): SkillshipError {
  return new SkillshipError(InstallErrorCode.ManifestInvalid, `${path}: ${field} ${problem}`, {
    path,
    details: { field },
    hint: 'Fix skillship.json by hand; see docs/lockfile.md for its fields.',
    ...(cause === undefined ? {} : { cause }),
  })
}
