import { rename, rm } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { lstatIfExists } from '../fs/if-exists.js'
import { openStagingSlot } from '../link/skill-staging.js'
import { recordsAt, withoutRecords } from './installed-state.js'
import type { InstalledState } from './installed-state-schema.js'

/** Which record to drop, and whether an unrecorded entry may be deleted. */
export interface RemovePlacedSkillOptions {
  /** Drop only this agent's record; the entry stays while another agent's record holds it. */
  readonly agent?: string
  /** Delete the entry even though the state does not record it. */
  readonly force?: boolean
}

/** The state without the dropped records, and whether anything was deleted from disk. */
export interface RemovedPlacedSkill {
  readonly state: InstalledState
  readonly deleted: boolean
}

/**
 * Removes the skill folder or link at `path` only if skillship recorded it (or with `force`);
 * an unrecorded entry is INSTALL_TARGET_CONFLICT and stays as it is. A symlink is removed, never
 * what it points to. The entry is first renamed into staging, so agents never see a half-deleted
 * skill. An absent path just drops its records. Write the returned state after this call: a crash
 * in between leaves a record of an absent path, which the next removal treats as done.
 */
export async function removePlacedSkill(
  state: InstalledState,
  path: string,
  options: RemovePlacedSkillOptions = {},
): Promise<RemovedPlacedSkill> {
  const recorded = recordsAt(state, path)
  const next = withoutRecords(state, path, options.agent)
  const stillHeld = recordsAt(next, path).length > 0
  const existing = await lstatIfExists(path)
  if (existing === undefined || stillHeld) return { state: next, deleted: false }
  if (recorded.length === 0 && options.force !== true) {
    throw new SkillshipError(
      InstallErrorCode.TargetConflict,
      `${path} was not installed by skillship; leaving it in place.`,
      { path, hint: 'Delete it yourself, or pass --force.' },
    )
  }
  try {
    await deleteViaStaging(path)
  } catch (error) {
    throw new SkillshipError(
      InstallErrorCode.LinkFailed,
      `Could not remove ${path}: ${String(error)}`,
      {
        path,
        cause: error,
        hint: 'Check that the folder is writable, then try again.',
      },
    )
  }
  return { state: next, deleted: true }
}

async function deleteViaStaging(path: string): Promise<void> {
  const staging = await openStagingSlot(dirname(path))
  const aside = join(staging.slot, `.aside-${basename(path)}-1`)
  try {
    await rename(join(staging.realSkillsDir, basename(path)), aside)
    await rm(aside, { recursive: true, force: true })
  } finally {
    await rm(staging.slot, { recursive: true, force: true })
  }
}
