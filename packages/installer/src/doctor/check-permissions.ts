import {
  checkWritable,
  readPasswdEntries,
  type WriteTarget,
} from '../permissions/preflight-writable.js'
import { roleLabel } from '../permissions/write-errors.js'
import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { type Finding, finding } from './finding.js'

const name = 'permissions'

/**
 * Every folder an install writes into (the configured agents' skills folders and their staging
 * folders, the store, the envs folder) judged as the install's preflight judges it, without
 * --allow-root: a would-be INSTALL_FOREIGN_OWNER, INSTALL_NOT_WRITABLE or INSTALL_ROOT_REFUSED is
 * an error with the fix, a run as root a warning.
 */
export const permissionsCheck: DoctorCheck = {
  name,
  async run(context) {
    if (context.uid === undefined) {
      return [finding(name, 'ok', 'not checked: this platform has no user ids')]
    }
    const targets: WriteTarget[] = [
      ...(await context.agentFolders()).map((folder) => ({
        path: folder.skillsDir,
        role: 'agent folder' as const,
      })),
      { path: context.options.storeRoot, role: 'store' },
      { path: context.options.envsRoot, role: 'envs' },
    ]
    const users = await readPasswdEntries()
    const who = { uid: context.uid, allowRoot: false, home: context.options.home }
    const findings: Finding[] = []
    for (const target of targets) {
      for (const verdict of await checkWritable(target, who, users)) {
        if (verdict.status === 'ok') {
          findings.push(
            finding(name, 'ok', `${roleLabel[target.role]} ${target.path} is writable`, {
              path: target.path,
            }),
          )
        } else if (verdict.status === 'warn') {
          findings.push(finding(name, 'warn', verdict.warning, { path: target.path }))
        } else {
          findings.push(errorFinding(name, verdict.error))
        }
      }
    }
    return findings
  },
}
