import type { SkillIssue } from '@skillship/core'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import type { Sources } from '../source/create-sources.js'
import { parseSourceSpec } from '../source/parse-source-spec.js'
import type { Resolution, Source } from '../source/source.js'
import type { ContentStore, StoreEntry } from '../store/content-store.js'
import { assertStoredSkill, fetchVerified } from './fetch-verified.js'
import type { PlannedSkill } from './plan-install.js'

/** A skill ready to place: its lock entry and its verified store entry. */
export interface ReadySkill {
  readonly name: string
  readonly locked: LockedSkill
  readonly entry: StoreEntry
  /** True when the lock entry is new or differs from the previous one. */
  readonly changed: boolean
  /** The spec violations `--force` let through (see loadValidSkill). */
  readonly waived: readonly SkillIssue[]
}

/**
 * Resolves a planned skill that needs it (spec -> source -> version), fetches it, verifies it and
 * adds it to the store, and builds its lock entry with the stored files' digests. The resolved
 * name, and the stored SKILL.md's, must equal the manifest key (INSTALL_NAME_MISMATCH).
 */
export async function resolvePlannedSkill(
  planned: Extract<PlannedSkill, { action: 'resolve' }>,
  context: {
    readonly sources: Sources
    readonly store: ContentStore
    readonly cwd: string
    readonly force?: boolean
  },
): Promise<ReadySkill> {
  const spec = parseSourceSpec(planned.spec, { name: planned.name, cwd: context.cwd })
  const source = context.sources.forSpec(spec)
  const resolution = await source.resolve(spec)
  if (resolution.name !== planned.name) {
    throw new SkillshipError(
      InstallErrorCode.NameMismatch,
      `skillship.json names '${planned.name}' but ${planned.spec} holds '${resolution.name}'`,
      {
        hint: `Use "${resolution.name}" as the key in skillship.json.`,
      },
    )
  }
  const { entry, integrity } = await storeResolution(
    resolution,
    source,
    context.store,
    planned.name,
  )
  const waived = await assertStoredSkill(entry, planned.name, { force: context.force === true })
  const locked: LockedSkill = {
    spec: planned.spec,
    version: resolution.version,
    source: resolution.source,
    integrity,
    files: entry.files,
  }
  const changed = planned.previous?.integrity !== locked.integrity
  return { name: planned.name, locked, entry, changed, waived }
}

// A resolution whose integrity is known up front (the registry's) is not downloaded again when the
// store already holds it; anything else is fetched, checked and added.
async function storeResolution(
  resolution: Resolution,
  source: Source,
  store: ContentStore,
  name: string,
): Promise<{ entry: StoreEntry; integrity: string }> {
  const known =
    resolution.integrity === undefined ? undefined : await store.get(resolution.integrity)
  if (known) return { entry: known, integrity: known.integrity }
  const fetched = await fetchVerified(
    source,
    resolution.source,
    resolution.integrity,
    `${name}@${resolution.version}`,
  )
  // add() is idempotent: an intact entry that appeared meanwhile is returned as it is.
  const entry = await store.add(fetched.tarball, fetched.integrity)
  return { entry, integrity: fetched.integrity }
}
