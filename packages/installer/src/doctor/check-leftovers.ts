import { realpath } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { defaultStaleAfterMs, stagingDirName } from '../link/skill-staging.js'
import { defaultPythonStagingStaleAfterMs } from '../runtimes/python/python-staging.js'
import { stagingPrefix as storeStagingPrefix } from '../store/stage-store-entry.js'
import { tmpDir } from '../store/store-seal.js'
import { tmpMaxAgeMs } from '../store/sweep-store-tmp.js'
import type { DoctorCheck } from './doctor-check.js'
import { countOf, type Finding, finding } from './finding.js'
import { type LeftoverRule, leftoverEntries } from './leftover-entries.js'

const name = 'leftovers'

// The entry names each writer makes; kept in step with link/skill-staging.ts (agent folders),
// store/stage-store-entry.ts (store tmp) and runtimes/*/ (envs).
const agentSlot = /^(\d+)-[0-9a-f]{12}(?:-old-\d+)?$/
const pythonStaging = /^\.staging-[0-9a-f]{32}-(\d+)-[0-9a-f]{12}(?:-old-\d+)?$/

const agentStagingRule: LeftoverRule = {
  matches: (entry) => agentSlot.test(entry),
  pidOf: (entry) => Number(agentSlot.exec(entry)?.[1]),
  staleAfterMs: defaultStaleAfterMs,
}

// `<pid>.<host hash>.<random>`: the pid means something only on the host that wrote it.
function storeTmpRule(): LeftoverRule {
  const host = storeStagingPrefix().split('.')[1]
  return {
    matches: () => true,
    pidOf: (entry) => {
      const [pid, hash] = entry.split('.')
      return hash === host ? Number(pid) : undefined
    },
    staleAfterMs: tmpMaxAgeMs,
  }
}

// Python builds name their process; Node builds and trash folders do not, and go by age.
const envsRule: LeftoverRule = {
  matches: (entry) => entry.startsWith('.staging-') || entry.startsWith('.trash-'),
  pidOf: (entry) => {
    const pid = pythonStaging.exec(entry)?.[1]
    return pid === undefined ? undefined : Number(pid)
  },
  staleAfterMs: defaultPythonStagingStaleAfterMs,
}

/**
 * What killed installs left: slots in the `.skillship-staging` folder beside each agent skills
 * folder, the store's `tmp/`, and `.staging-*` / `.trash-*` folders in the envs folder. Entries
 * whose process is gone (or that are older than the installer's own limit) are a warning, one per
 * folder, with the command that removes them; entries of running installs are left out.
 */
export const leftoversCheck: DoctorCheck = {
  name,
  async run(context) {
    const now = Date.now()
    const stagingRoots = await Promise.all(
      (await context.agentFolders()).map(async (folder) => stagingRoot(folder.skillsDir)),
    )
    const places: [string, LeftoverRule][] = [
      ...[...new Set(stagingRoots)].map((root): [string, LeftoverRule] => [root, agentStagingRule]),
      [tmpDir(context.options.storeRoot), storeTmpRule()],
      [context.options.envsRoot, envsRule],
    ]
    const findings: Finding[] = []
    for (const [dir, rule] of places) {
      const leftovers = await leftoverEntries(dir, rule, now)
      if (leftovers.length === 0) continue
      findings.push(
        finding(
          name,
          'warn',
          `${countOf(leftovers.length, 'leftover')} of killed installs in ${dir}`,
          {
            fix: `\`skillship install\` sweeps them when it next writes there; or now: rm -rf ${leftovers.map(quoted).join(' ')}`,
            path: dir,
          },
        ),
      )
    }
    if (findings.length === 0) findings.push(finding(name, 'ok', 'no leftovers of killed installs'))
    return findings
  },
}

// Staging sits beside the real skills folder (see openStagingSlot).
async function stagingRoot(skillsDir: string): Promise<string> {
  try {
    return join(dirname(await realpath(skillsDir)), stagingDirName)
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    return join(dirname(skillsDir), stagingDirName)
  }
}

function quoted(path: string): string {
  return /^[\w./+-]+$/.test(path) ? path : `'${path.replaceAll("'", "'\\''")}'`
}
