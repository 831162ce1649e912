import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { countOf, type Finding, finding } from './finding.js'

const name = 'project'

/**
 * Reads skillship.json, skillship.lock, installed.json and runtimes.json and resolves the agents'
 * skills folders: the shared inputs of the other checks. Each read that fails is an error here
 * (with its hint as the fix); the checks that need it then say they were not run.
 */
export const projectCheck: DoctorCheck = {
  name,
  async run(context) {
    const findings = await Promise.all([
      read(context.manifest, (manifest) =>
        manifest === undefined
          ? `no skillship.json in ${context.options.projectRoot}: checking the default agent folders`
          : `skillship.json: ${countOf(Object.keys(manifest.skills).length, 'skill')} for ${manifest.agents.join(', ')}`,
      ),
      read(context.lockfile, (lockfile) =>
        lockfile === undefined
          ? 'no skillship.lock yet'
          : `skillship.lock: ${countOf(Object.keys(lockfile.skills).length, 'locked skill')}`,
      ),
      read(
        context.installedState,
        (state) => `${countOf(state.skills.length, 'placement')} recorded`,
      ),
      read(
        context.runtimeState,
        (state) => `${countOf(Object.keys(state.skills).length, 'skill environment')} recorded`,
      ),
      read(
        context.agentFolders,
        (folders) => `agent folders: ${folders.map((folder) => folder.skillsDir).join(', ')}`,
      ),
    ])
    return findings.flat()
  },
}

async function read<T>(
  value: () => Promise<T>,
  describe: (value: T) => string,
): Promise<Finding[]> {
  try {
    return [finding(name, 'ok', describe(await value()))]
  } catch (error) {
    return [errorFinding(name, error)]
  }
}
