import { resolveVersion } from '@skillship/registry-client'
import { readLockfile } from '../lockfile/lockfile.js'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import { readManifest } from '../manifest/manifest.js'
import { type InstallerOptions, installerPaths } from '../project/project.js'
import { outdatedGitSkill } from './outdated-git-skill.js'

/** One row of `skillship outdated`. */
export interface OutdatedRow {
  readonly name: string
  readonly current: string | undefined
  /** The highest version the spec in skillship.json allows (git: the ref's commit, 12 digits). */
  readonly wanted: string | undefined
  /** The registry's `latest` tag (git: the ref's commit, 12 digits). */
  readonly latest: string | undefined
  readonly spec: string
  /** Git skills: the ref followed, the locked commit and the one the ref names now. */
  readonly git?: { readonly ref: string; readonly commit: string; readonly latestCommit: string }
}

/**
 * Compares installed registry skills with what their range allows (`skillship update`) and with
 * `latest` (`skillship update --latest`), and git skills' locked commit with the commit their ref
 * names now (one `git ls-remote` per repository and ref, bounded in time; a ref that is a commit id
 * never moves). Skills from folders and archives are not listed.
 */
export async function outdatedSkills(options: InstallerOptions): Promise<OutdatedRow[]> {
  const paths = installerPaths(options)
  const manifest = await readManifest(paths.manifest)
  const lock = (await readLockfile(paths.lockfile))?.lockfile
  const rows: OutdatedRow[] = []
  const gitCommits = new Map<string, Promise<string>>()
  for (const [name, spec] of Object.entries(manifest?.skills ?? {}).sort()) {
    const locked = lock?.skills[name]
    if (locked?.source.type === 'git') {
      const row = await outdatedGitSkill(name, locked, options.projectRoot, gitCommits)
      if (row !== undefined) rows.push(row)
      continue
    }
    if (locked && locked.source.type !== 'registry') continue
    const row = await outdatedRegistrySkill(
      name,
      spec,
      locked,
      manifest?.registry ?? options.registry,
      options,
    )
    if (row !== undefined) rows.push(row)
  }
  return rows
}

async function outdatedRegistrySkill(
  name: string,
  spec: string,
  locked: LockedSkill | undefined,
  defaultRegistry: string,
  options: InstallerOptions,
): Promise<OutdatedRow | undefined> {
  const registry = locked?.source.type === 'registry' ? locked.source.registry : defaultRegistry
  const answer = await options.clientFor(registry).getSkill(name)
  if (answer.notModified) return undefined
  const wanted = resolveVersion(answer.document, spec)?.version
  const latest = answer.document.distTags['latest']
  if (locked?.version === wanted && wanted === latest) return undefined
  return { name, current: locked?.version, wanted, latest, spec }
}
