import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallerOptions } from '../project/project.js'
import type { InstallRequest, InstallResult } from './install-request.js'
import { runInstall } from './run-install.js'

/**
 * Removes skills from skillship.json and skillship.lock and deletes the folders and links
 * skillship placed for them (never a folder it did not install). A name that is not in
 * skillship.json is INSTALL_NOT_INSTALLED and nothing changes.
 */
export async function removeSkills(
  options: InstallerOptions,
  names: readonly string[],
  request: Pick<InstallRequest, 'allowRoot' | 'force'> = {},
): Promise<InstallResult> {
  return runInstall(options, {
    ...(request.allowRoot === undefined ? {} : { allowRoot: request.allowRoot }),
    ...(request.force === undefined ? {} : { force: request.force }),
    editManifest: (current) => {
      const missing = names.filter((name) => !(current && name in current.skills))
      if (!current || missing.length > 0) {
        throw new SkillshipError(
          InstallErrorCode.NotInstalled,
          `Not in skillship.json: ${missing.join(', ')}`,
          {
            hint: 'Run `skillship list` to see what is installed.',
          },
        )
      }
      const skills = Object.fromEntries(
        Object.entries(current.skills).filter(([name]) => !names.includes(name)),
      )
      return { ...current, skills }
    },
  })
}
