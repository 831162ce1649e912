import { existsSync } from 'node:fs'
import { readLockfile } from '../lockfile/lockfile.js'
import { readManifest } from '../manifest/manifest.js'
import { type InstallerOptions, installerPaths } from '../project/project.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import { readClaimedState, scopeFolders } from '../state/installed-state.js'
import { type ChangedPlacement, changedPlacements } from '../state/placed-ownership.js'

/** One installed skill with where skillship placed it. */
export interface ListedSkill {
  readonly name: string
  readonly spec: string | undefined
  readonly version: string | undefined
  readonly integrity: string | undefined
  readonly source: LockedSource | undefined
  readonly placements: readonly { agent: string; path: string; method: 'folder' | 'symlink' }[]
  /**
   * The placed folders of this skill changed since skillship placed them (what the next install
   * refuses to overwrite with INSTALL_LOCAL_CHANGES, and `--force` restores); empty when none.
   */
  readonly modified: readonly Omit<ChangedPlacement, 'name'>[]
  /** Placements whose folder or link is gone (deleted by hand); `skillship sync` puts them back. */
  readonly missing: readonly string[]
}

/**
 * The skills of skillship.json and skillship.lock, with their placements: the state records the
 * install itself would honour (readClaimedState), each folder checked by content for edits.
 */
export async function listSkills(
  options: InstallerOptions,
): Promise<{ agents: readonly string[]; skills: ListedSkill[] }> {
  const paths = installerPaths(options)
  const manifest = await readManifest(paths.manifest)
  const lock = (await readLockfile(paths.lockfile))?.lockfile
  const { state } = await readClaimedState(options)
  const changed = changedPlacements(state.skills, {
    sharedDir: scopeFolders(options).sharedDir,
    lockfile: lock,
  })
  const names = [
    ...new Set([...Object.keys(manifest?.skills ?? {}), ...Object.keys(lock?.skills ?? {})]),
  ].sort()
  const skills = names.map((name) => {
    const locked = lock?.skills[name]
    const placements = state.skills
      .filter((r) => r.name === name)
      .map((r) => ({ agent: r.agent, path: r.path, method: r.method }))
    return {
      name,
      spec: manifest?.skills[name],
      version: locked?.version,
      integrity: locked?.integrity,
      source: locked?.source,
      placements,
      modified: changed.flatMap((c) => (c.name === name ? [{ path: c.path, files: c.files }] : [])),
      // existsSync follows links: a link whose target is gone is missing too.
      missing: placements.filter((p) => !existsSync(p.path)).map((p) => p.path),
    }
  })
  return { agents: manifest?.agents ?? [], skills }
}
