import { readLockfile } from '../lockfile/read-lockfile.js'
import { readManifest } from '../manifest/read-manifest.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import { readInstalledState } from '../state/installed-state.js'
import { type InstallerOptions, installerPaths } from './installer-options.js'

/** One installed skill with where skillship placed it. */
export interface ListedSkill {
  readonly name: string
  readonly spec: string | undefined
  readonly version: string | undefined
  readonly integrity: string | undefined
  readonly source: LockedSource | undefined
  readonly placements: readonly { agent: string; path: string; method: 'folder' | 'symlink' }[]
}

/** The skills of skillship.json and skillship.lock, with their recorded placements. */
export async function listSkills(
  options: InstallerOptions,
): Promise<{ agents: readonly string[]; skills: ListedSkill[] }> {
  const paths = installerPaths(options)
  const manifest = await readManifest(paths.manifest)
  const lock = (await readLockfile(paths.lockfile))?.lockfile
  const state = await readInstalledState(paths.state)
  const names = [
    ...new Set([...Object.keys(manifest?.skills ?? {}), ...Object.keys(lock?.skills ?? {})]),
  ].sort()
  const skills = names.map((name) => {
    const locked = lock?.skills[name]
    return {
      name,
      spec: manifest?.skills[name],
      version: locked?.version,
      integrity: locked?.integrity,
      source: locked?.source,
      placements: state.skills
        .filter((r) => r.name === name)
        .map((r) => ({ agent: r.agent, path: r.path, method: r.method })),
    }
  })
  return { agents: manifest?.agents ?? [], skills }
}
