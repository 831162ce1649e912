import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { currentLockfileVersion } from './lockfile-schema.js'

/** INSTALL_LOCKFILE_INVALID naming the file and the field (`skills.pdf.integrity`). */
export function lockfileInvalid(
  path: string,
  field: string,
  problem: string,
  cause?: unknown,
): SkillshipError {
  return new SkillshipError(InstallErrorCode.LockfileInvalid, `${path}: ${field} ${problem}`, {
    path,
    details: { field },
    hint: 'Fix or restore the lockfile (e.g. from version control), or delete it and run `skillship install` to re-resolve every skill.',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** INSTALL_LOCKFILE_TOO_NEW: written by a newer skillship; never read it as something older. */
export function lockfileTooNew(path: string, version: number): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.LockfileTooNew,
    `${path} has lockfileVersion ${version}; this skillship reads up to ${currentLockfileVersion}`,
    {
      path,
      details: { lockfileVersion: version, supported: currentLockfileVersion },
      hint: 'Upgrade skillship (npm install -g skillship@latest) to read this lockfile.',
    },
  )
}
