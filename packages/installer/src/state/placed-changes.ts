import { resolve } from 'node:path'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import { assertNoLocalChanges, provePlaced } from './check-target-ownership.js'
import type { InstalledRecord } from './installed-state-schema.js'

/** A skill folder skillship placed whose content was changed since (the user's edit). */
export interface ChangedPlacement {
  readonly name: string
  readonly path: string
  /** Skill-relative paths changed, missing or added, as INSTALL_LOCAL_CHANGES names them. */
  readonly files: readonly string[]
}

/**
 * The placed folders among `records` (claimed records: claimedState) that an install would refuse
 * to replace with INSTALL_LOCAL_CHANGES: the same proof (provePlaced), each path once. Links are
 * skipped: an edit made through one lands in the folder it points to, which has its own record.
 */
export function changedPlacements(
  records: readonly InstalledRecord[],
  context: { readonly sharedDir: string; readonly lockfile: Lockfile | undefined },
): ChangedPlacement[] {
  const changed: ChangedPlacement[] = []
  const seen = new Set<string>()
  for (const record of records) {
    const path = resolve(record.path)
    if (record.method !== 'folder' || seen.has(path)) continue
    seen.add(path)
    const locked = context.lockfile?.skills[record.name]
    const legacyFiles = locked?.integrity === record.integrity ? locked.files : undefined
    const proof = provePlaced({
      path,
      name: record.name,
      sharedDir: context.sharedDir,
      ...(legacyFiles === undefined ? {} : { legacyFiles }),
    })
    if (proof.kind === 'edited') changed.push({ name: record.name, path, files: proof.files })
  }
  return changed
}

/** INSTALL_LOCAL_CHANGES naming every changed placement, when there is any. */
export function assertUnchanged(changed: readonly ChangedPlacement[]): void {
  assertNoLocalChanges(
    changed.map(({ path, files }) => ({ path, proof: { kind: 'edited', files } as const })),
  )
}
