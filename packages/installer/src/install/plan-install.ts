import { SkillshipError } from '@skillship/core/errors'
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
  const skills = Object.keys(manifest.skills)
    .sort()
    .map((name) =>
      planSkill(name, manifest.skills[name] ?? '', locked[name], wantsUpdate(options.update, name)),
    )
  const removed = Object.keys(locked)
    .filter((name) => !(name in manifest.skills))
    .sort()
  const drift = [
    ...skills.flatMap((skill) => driftOf(skill)),
    ...removed.map((name) => `${name} (locked but not in skillship.json)`),
  ]
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

function wantsUpdate(update: true | readonly string[] | undefined, name: string): boolean {
  return update === true || (Array.isArray(update) && update.includes(name))
}

function planSkill(
  name: string,
  spec: string,
  entry: LockedSkill | undefined,
  update: boolean,
): PlannedSkill {
  if (entry && entry.spec === spec && !update)
    return { name, spec, action: 'locked', locked: entry }
  return { name, spec, action: 'resolve', previous: entry }
}

// An update of a locked skill is not drift; a missing or changed lock entry is.
function driftOf(skill: PlannedSkill): string[] {
  if (skill.action === 'locked') return []
  if (!skill.previous) return [`${skill.name} (not locked)`]
  return skill.previous.spec === skill.spec
    ? []
    : [`${skill.name} (spec ${skill.previous.spec} -> ${skill.spec})`]
}
