import { resolveVersion } from '@skillship/registry-client'
import { readLockfile } from '../lockfile/read-lockfile.js'
import { readManifest } from '../manifest/read-manifest.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'

/** One row of `skillship outdated`. */
export interface OutdatedRow {
  readonly name: string
  readonly current: string | undefined
  /** The highest version the spec in skillship.json allows. */
  readonly wanted: string | undefined
  /** The registry's `latest` tag. */
  readonly latest: string | undefined
  readonly spec: string
}

/**
 * Compares installed registry skills with what their range allows (`skillship update`) and with
 * `latest` (`skillship update --latest`). Skills from folders, archives and git are not listed.
 */
export async function outdatedSkills(options: InstallerOptions): Promise<OutdatedRow[]> {
  const paths = installerPaths(options)
  const manifest = await readManifest(paths.manifest)
  const lock = (await readLockfile(paths.lockfile))?.lockfile
  const rows: OutdatedRow[] = []
  for (const [name, spec] of Object.entries(manifest?.skills ?? {}).sort()) {
    const locked = lock?.skills[name]
    if (locked && locked.source.type !== 'registry') continue
    const registry =
      locked?.source.type === 'registry'
        ? locked.source.registry
        : (manifest?.registry ?? options.registry)
    const answer = await options.clientFor(registry).getSkill(name)
    if (answer.notModified) continue
    const wanted = resolveVersion(answer.document, spec)?.version
    const latest = answer.document.distTags['latest']
    if (locked?.version !== wanted || wanted !== latest)
      rows.push({ name, current: locked?.version, wanted, latest, spec })
  }
  return rows
}
