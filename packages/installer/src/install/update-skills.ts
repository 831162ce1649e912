import type { Manifest } from '../manifest/manifest.js'
import type { InstallerOptions } from '../project/project.js'
import { parseSourceSpec } from '../source/create-sources.js'
import type { InstallResult } from './install-request.js'
import { runInstall } from './run-install.js'

/**
 * Resolves skills again within their ranges (`names`, or all), or with `latest` moves registry
 * skills to `^<latest>` in skillship.json first. Writes the new versions to skillship.lock.
 */
export async function updateSkills(
  options: InstallerOptions,
  request: {
    readonly names: readonly string[]
    readonly latest: boolean
    /** As for install: placed folders the user changed are replaced (INSTALL_LOCAL_CHANGES otherwise). */
    readonly force?: boolean
    readonly skipRuntimes?: boolean
    readonly allowRoot?: boolean
  },
): Promise<InstallResult> {
  const update = request.names.length > 0 ? request.names : true
  const selected = (name: string) => update === true || update.includes(name)
  return runInstall(options, {
    update,
    ...(request.force === undefined ? {} : { force: request.force }),
    ...(request.skipRuntimes === undefined ? {} : { skipRuntimes: request.skipRuntimes }),
    ...(request.allowRoot === undefined ? {} : { allowRoot: request.allowRoot }),
    ...(request.latest
      ? {
          editManifest: (current: Manifest | undefined) => moveToLatest(current, options, selected),
        }
      : {}),
  })
}

async function moveToLatest(
  current: Manifest | undefined,
  options: InstallerOptions,
  selected: (name: string) => boolean,
): Promise<Manifest> {
  if (!current) return { agents: ['qoder'], skills: {} }
  const skills: Record<string, string> = { ...current.skills }
  for (const [name, spec] of Object.entries(current.skills)) {
    if (
      !selected(name) ||
      parseSourceSpec(spec, { name, cwd: options.projectRoot }).kind !== 'registry'
    )
      continue
    const answer = await options.clientFor(current.registry ?? options.registry).getSkill(name)
    const latest = answer.notModified ? undefined : answer.document.distTags['latest']
    if (latest !== undefined) skills[name] = `^${latest}`
  }
  return { ...current, skills }
}
