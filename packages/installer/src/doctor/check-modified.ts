import { scopeFolders } from '../state/installed-state.js'
import { changedPlacements } from '../state/placed-ownership.js'
import type { DoctorCheck } from './doctor-check.js'
import { countOf, type Finding, finding } from './finding.js'

const name = 'modified'

/**
 * Skill folders skillship placed whose content was changed since (by content against what was
 * placed: changedPlacements). A warning, not an error: the edit is the user's and the agents see
 * it; the next install refuses to overwrite it (INSTALL_LOCAL_CHANGES) until it is saved elsewhere
 * and `--force` restores the installed version.
 */
export const modifiedCheck: DoctorCheck = {
  name,
  async run(context) {
    const records = (await context.installedState()).skills
    const changed = changedPlacements(records, {
      sharedDir: scopeFolders(context.options).sharedDir,
      lockfile: await context.lockfile(),
    })
    const findings: Finding[] = changed.map((entry) =>
      finding(
        name,
        'warn',
        `skill ${entry.name} was modified since skillship placed it: ${entry.files.join(', ')}`,
        { path: entry.path, fix: 'save your changes elsewhere, then skillship install --force' },
      ),
    )
    if (findings.length === 0) {
      const folders = new Set(records.filter((r) => r.method === 'folder').map((r) => r.path))
      findings.push(finding(name, 'ok', `${countOf(folders.size, 'placed folder')} as installed`))
    }
    return findings
  },
}
