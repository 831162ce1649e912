import type { Manifest } from '../manifest/manifest.js'
import { type RuntimeState, readRuntimeState } from '../runtimes/state/runtime-state.js'
import type { ExperimentOverrides } from './experiment-overrides.js'
import { preflight } from './install-preflight.js'
import type { InstallRequest } from './install-request.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'
import type { PreparedRuntimes } from './prepare-runtimes.js'
import type { ReadySkill } from './resolve-planned-skill.js'

/** The skills' environments: prepared, or with --skip-runtimes and --dry-run kept as recorded. */
export async function runtimesFor(
  overrides: ExperimentOverrides,
  context: { options: InstallerOptions; request: InstallRequest; manifest: Manifest },
): Promise<PreparedRuntimes> {
  const { options, request, manifest } = context
  if (request.skipRuntimes === true || request.dryRun === true) {
    const previous = await readRuntimeState(installerPaths(options).runtimes)
    return keptRuntimes(overrides.skills, previous)
  }
  // Loaded on demand: discovery, pip and npm code stay out of a --skip-runtimes install.
  const { prepareRuntimes } = await import('./prepare-runtimes.js')
  return prepareRuntimes(overrides.skills, {
    options,
    manifest,
    frozen: request.frozen === true,
    notLocked: new Set(overrides.experiments.map((experiment) => experiment.skill)),
    // Checked only once a skill needs an environment.
    checkEnvsWritable: () =>
      preflight(options, request, [{ path: options.envsRoot, role: 'envs' }]),
  })
}

// Environments untouched (--skip-runtimes, --dry-run): each skill keeps its locked runtime and its
// record while its content is unchanged.
function keptRuntimes(ready: readonly ReadySkill[], previous: RuntimeState): PreparedRuntimes {
  const records = Object.fromEntries(
    ready.flatMap((skill) => {
      const record = previous.skills[skill.name]
      return record?.integrity === skill.locked.integrity ? [[skill.name, record]] : []
    }),
  )
  return { skills: ready, records }
}
