import type { SkillIssue } from '@skillship/core'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import { sameLockedFiles } from '../lockfile/parse-locked-skill.js'
import type { InstallProgress } from '../project/project.js'
import { runPool } from '../shared/helpers.js'
import type { Sources } from '../source/create-sources.js'
import { parseSourceSpec } from '../source/create-sources.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import type { FetchedSkill, Resolution, Source } from '../source/source.js'
import { placedMarkerName } from '../state/installed-state.js'
import type { ContentStore, StoreEntry } from '../store/content-store.js'
import { loadValidSkill } from '../store/content-store.js'
import type { PlannedSkill } from './plan-install.js'

const concurrency = 8

/**
 * Gets every planned skill into the store, verified: locked ones from the store or their locked
 * source, others resolved first (after one prefetch per source kind, so a registry answers every
 * document in one round trip). Runs a few at a time (network and hashing overlap) and keeps the
 * plan's order in the result. The first failure rejects; nothing outside the store changed by then.
 */
export async function prepareSkills(
  planned: readonly PlannedSkill[],
  context: {
    readonly store: ContentStore
    readonly sources: Sources
    readonly cwd: string
    readonly onProgress: ((progress: InstallProgress) => void) | undefined
    /** The outcome of `prefetchPlanned` when the caller started it early; else it runs here. */
    readonly prefetched?: () => Promise<void>
    /** `--force`: spec violations are let through and reported in `waived`. */
    readonly force?: boolean
  },
): Promise<ReadySkill[]> {
  await (context.prefetched?.() ?? prefetchPlanned(planned, context.sources, context.cwd))
  const ready = new Array<ReadySkill>(planned.length)
  let done = 0
  await runPool(planned.length, concurrency, async (index) => {
    const skill = planned[index] as PlannedSkill
    ready[index] =
      skill.action === 'locked'
        ? {
            name: skill.name,
            locked: skill.locked,
            ...(await fetchIntoStore(
              { name: skill.name, locked: skill.locked },
              context.store,
              context.sources,
              context.force === true,
            )),
            changed: false,
          }
        : await resolvePlannedSkill(skill, context)
    done += 1
    context.onProgress?.({ phase: 'fetch', name: skill.name, done, total: planned.length })
  })
  return ready
}

/**
 * Lets each source warm up for the planned skills it will resolve (a registry reads all their
 * documents in one request). Idempotent per `sources`: what is read or being read is not asked again.
 */
export function prefetchPlanned(
  planned: readonly PlannedSkill[],
  sources: Sources,
  cwd: string,
): Promise<void> {
  return sources.prefetch(
    planned.flatMap((skill) =>
      skill.action === 'locked' ? [] : [parseSourceSpec(skill.spec, { name: skill.name, cwd })],
    ),
  )
}

/**
 * Reads, in one request, the registry documents of the locked registry skills, so the audit gate
 * sees the registry's current verdict on each locked version without a request per skill.
 */
export function prefetchLockedVerdicts(
  planned: readonly PlannedSkill[],
  sources: Sources,
): Promise<void> {
  return sources.prefetch(
    planned.flatMap((skill) =>
      skill.action === 'locked' && skill.locked.source.type === 'registry'
        ? [{ kind: 'registry' as const, name: skill.name, range: skill.locked.version }]
        : [],
    ),
  )
}

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

/**
 * Fetches what `locked` pins and, when an integrity is expected (the lockfile's, or the
 * registry's), refuses other bytes with INSTALL_INTEGRITY_MISMATCH before anything is stored.
 * `label` names the skill in the message.
 */
export async function fetchVerified(
  source: Source,
  locked: LockedSource,
  expected: string | undefined,
  label: string,
): Promise<FetchedSkill> {
  const fetched = await source.fetch(locked)
  if (expected !== undefined && fetched.integrity !== expected) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `${label}: the fetched content does not match its integrity`,
      {
        hint: 'The source changed or was tampered with. If the change is intended, run `skillship update <name>`.',
        details: { expected, actual: fetched.integrity },
      },
    )
  }
  return fetched
}

/**
 * Checks a store entry before it is placed as `name`: its SKILL.md must be valid (core's
 * validation; INSTALL_INVALID_SKILL; with `force`, spec violations are returned instead) and name
 * exactly `name` (INSTALL_NAME_MISMATCH, whatever `force` says). Bytes
 * matching an integrity prove only that they are what the source sent: a hostile registry can
 * sign a tarball whose SKILL.md names `../../evil` or another skill.
 */
export async function assertStoredSkill(
  entry: Pick<StoreEntry, 'dir' | 'files'>,
  name: string,
  options: { readonly force?: boolean } = {},
): Promise<readonly SkillIssue[]> {
  // The placed-skill marker's name is skillship's: a skill shipping it could pose as placed.
  if (entry.files.some((file) => file.path === placedMarkerName)) {
    throw new SkillshipError(
      InstallErrorCode.InvalidSkill,
      `The skill fetched as '${name}' holds ${placedMarkerName}, a name skillship reserves`,
      { hint: 'Remove that file from the skill and publish it again.' },
    )
  }
  const valid = await loadValidSkill(entry.dir, undefined, options)
  if (valid.name === name) return valid.waived
  throw new SkillshipError(
    InstallErrorCode.NameMismatch,
    `The skill fetched as '${name}' names itself '${valid.name}' in its SKILL.md`,
    {
      hint: 'The source serves another skill under this name; check the registry or source.',
      details: { expected: name, actual: valid.name },
    },
  )
}

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
