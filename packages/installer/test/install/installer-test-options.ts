import { join } from 'node:path'
import type { InstallerOptions } from '../../src/project/project.js'

/**
 * Installer options for a test: home, store and environments below `work`, the project scope
 * unless `given` says otherwise; `given` names the project and how to reach a registry.
 */
export function installerTestOptions(
  work: string,
  given: Pick<InstallerOptions, 'projectRoot' | 'registry' | 'clientFor'> &
    Partial<InstallerOptions>,
): InstallerOptions {
  return {
    scope: 'project',
    home: join(work, 'home'),
    env: {},
    storeRoot: join(work, 'store'),
    envsRoot: join(work, 'envs'),
    skillshipHome: join(work, 'home', '.skillship'),
    ...given,
  }
}
