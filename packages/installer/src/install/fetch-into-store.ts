import { SkillshipError } from '@skillship/core'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedFile, LockedSkill } from '../lockfile/lockfile-schema.js'
import type { Sources } from '../source/create-sources.js'
import type { ContentStore, StoreEntry } from '../store/content-store.js'

/**
 * The verified store entry of a locked skill: from the store when it is there and intact (the
 * store re-hashes it; a corrupted entry is dropped), else fetched from its locked source, checked
 * against the locked integrity (INSTALL_INTEGRITY_MISMATCH, nothing stored) and added. When the
 * lock records files (lockfile v2), the entry must hold exactly those files.
 */
export async function fetchIntoStore(
  skill: { name: string; locked: LockedSkill },
  store: ContentStore,
  sources: Sources,
): Promise<StoreEntry> {
  const expected = skill.locked.files.length > 0 ? skill.locked.files : undefined
  const cached = await store.get(skill.locked.integrity, expected)
  if (cached) return cached
  const fetched = await sources.forLocked(skill.locked.source).fetch(skill.locked.source)
  if (fetched.integrity !== skill.locked.integrity) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `${skill.name}: the fetched content does not match skillship.lock`,
      {
        hint: 'The source changed or was tampered with. If the change is intended, run `skillship update <name>`.',
        details: { expected: skill.locked.integrity, actual: fetched.integrity },
      },
    )
  }
  const entry = await store.add(fetched.tarball, fetched.integrity)
  if (expected && !sameFiles(entry.files, expected)) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `${skill.name}: the files differ from skillship.lock`,
      {
        hint: 'Run `skillship update <name>` if the change is intended.',
      },
    )
  }
  return entry
}

function sameFiles(actual: readonly LockedFile[], expected: readonly LockedFile[]): boolean {
  return (
    actual.length === expected.length &&
    actual.every(
      (file, i) => file.path === expected[i]?.path && file.sha256 === expected[i]?.sha256,
    )
  )
}
