import type { SkillIssue } from '@skillship/core'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import { sameLockedFiles } from '../lockfile/parse-locked-skill.js'
import type { Sources } from '../source/create-sources.js'
import type { ContentStore, StoreEntry } from '../store/content-store.js'
import { assertStoredSkill, fetchVerified } from './fetch-verified.js'

/**
 * The verified store entry of a locked skill: from the store when it is there and intact (the
 * store re-hashes it; a corrupted entry is dropped), else fetched from its locked source, checked
 * against the locked integrity (INSTALL_INTEGRITY_MISMATCH, nothing stored) and added. When the
 * lock records files (lockfile v2), the entry must hold exactly those files, and its SKILL.md must
 * be valid and name this skill (assertStoredSkill).
 */
export async function fetchIntoStore(
  skill: { name: string; locked: LockedSkill },
  store: ContentStore,
  sources: Sources,
  force = false,
): Promise<{ entry: StoreEntry; waived: readonly SkillIssue[] }> {
  const expected = skill.locked.files.length > 0 ? skill.locked.files : undefined
  const cached = await store.get(skill.locked.integrity, expected)
  if (cached) {
    return { entry: cached, waived: await assertStoredSkill(cached, skill.name, { force }) }
  }
  const source = sources.forLocked(skill.locked.source)
  const fetched = await fetchVerified(
    source,
    skill.locked.source,
    skill.locked.integrity,
    skill.name,
  )
  const entry = await store.add(fetched.tarball, fetched.integrity)
  if (expected && !sameLockedFiles(entry.files, expected)) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `${skill.name}: the files differ from skillship.lock`,
      {
        hint: 'Run `skillship update <name>` if the change is intended.',
      },
    )
  }
  return { entry, waived: await assertStoredSkill(entry, skill.name, { force }) }
}
