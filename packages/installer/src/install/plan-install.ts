import { SkillshipError } from '@skillship/core'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest-schema.js'

/** What to do for one skill of the manifest. */
export type PlannedSkill =
  /** The lockfile already pins a version for this exact spec: install it as locked (no resolution). */
  | {
      readonly name: string
      readonly spec: string
      readonly action: 'locked'
      readonly locked: LockedSkill
    }
  /** New, or the spec changed, or an update was asked for: resolve the spec again. */
  | {
      readonly name: string
      readonly spec: string
      readonly action: 'resolve'
      readonly previous: LockedSkill | undefined
    }

export interface InstallPlan {
  readonly skills: readonly PlannedSkill[]
  /** Locked skills no longer in the manifest: removed from the lockfile and from agent folders. */
  readonly removed: readonly string[]
}

/**
 * Compares the manifest with the lockfile. `frozen` (CI) refuses any drift with
 * INSTALL_LOCKFILE_OUT_OF_DATE: a manifest skill missing from the lock, a changed spec, or a
 * locked skill the manifest no longer lists. `update` names skills to resolve again even when
 * locked (all of them when it is `true`).
 */
export function planInstall(
  manifest: Manifest,
  lockfile: Lockfile | undefined,
  options: { readonly frozen?: boolean; readonly update?: true | readonly string[] } = {},
): InstallPlan {
  const locked = lockfile?.skills ?? {}
  const update = options.update
  const skills: PlannedSkill[] = []
  const drift: string[] = []
  for (const name of Object.keys(manifest.skills).sort()) {
    const spec = manifest.skills[name] ?? ''
    const entry = locked[name]
    const wantsUpdate = update === true || (Array.isArray(update) && update.includes(name))
    if (entry && entry.spec === spec && !wantsUpdate) {
      skills.push({ name, spec, action: 'locked', locked: entry })
    } else {
      if (!entry || entry.spec !== spec)
        drift.push(entry ? `${name} (spec ${entry.spec} -> ${spec})` : `${name} (not locked)`)
      skills.push({ name, spec, action: 'resolve', previous: entry })
    }
  }
  const removed = Object.keys(locked)
    .filter((name) => !(name in manifest.skills))
    .sort()
  drift.push(...removed.map((name) => `${name} (locked but not in skillship.json)`))
  if (options.frozen === true && drift.length > 0) {
    throw new SkillshipError(
      InstallErrorCode.LockfileOutOfDate,
      `skillship.lock does not match skillship.json: ${drift.join(', ')}`,
      {
        hint: 'Run `skillship install` without --frozen and commit the updated skillship.lock.',
        details: { drift },
      },
    )
  }
  return { skills, removed }
}
