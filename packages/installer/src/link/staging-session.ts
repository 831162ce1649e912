import { mkdirSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { createRealFolderCache, type RealFolderCache } from './real-folder-cache.js'
import { type OpenStagingOptions, openStagingSlot, type StagingSlot } from './skill-staging.js'

/**
 * The staging slots of one install: one slot per skills folder, opened (and stale leftovers swept)
 * on first use, shared by every placement into that folder, removed by `close`. A placement
 * builds in `<slot>/<name>` (names are unique per folder) and parks a replaced entry in
 * `<slot>/.aside-<name>-<n>` (a skill name never starts with a dot), so concurrent placements
 * never meet. A killed install leaves its slots to the next install's sweep.
 */
export interface StagingSession extends RealFolderCache {
  slotFor(skillsDir: string): Promise<StagingSlot>
  /** The real path of `skillsDir`, created when missing (once per folder): for links made in place. */
  skillsFolder(skillsDir: string): string
  /** Removes the session's slots; call once every placement has settled. */
  close(): Promise<void>
}

export function createStagingSession(options: OpenStagingOptions = {}): StagingSession {
  const slots = new Map<string, Promise<StagingSlot>>()
  const { realFolder } = createRealFolderCache()
  const made = new Set<string>()
  return {
    realFolder,
    skillsFolder(skillsDir) {
      if (!made.has(skillsDir)) {
        mkdirSync(skillsDir, { recursive: true })
        made.add(skillsDir)
      }
      return realFolder(skillsDir)
    },
    slotFor(skillsDir) {
      let slot = slots.get(skillsDir)
      if (slot === undefined) {
        slot = openStagingSlot(skillsDir, options)
        slots.set(skillsDir, slot)
      }
      return slot
    },
    async close() {
      const opened = await Promise.allSettled(slots.values())
      slots.clear()
      // A slot that failed to open was reported to the placement that asked for it.
      for (const result of opened) {
        if (result.status === 'fulfilled') {
          await rm(result.value.slot, { recursive: true, force: true })
        }
      }
    },
  }
}
