import { randomBytes } from 'node:crypto'
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isProcessAlive } from '../project-lock/acquire-project-lock.js'
import { lstatIfExists, readDirIfExists } from '../shared/helpers.js'

/** The staging folder's name, a sibling of the skills folder. */
export const stagingDirName = '.skillship-staging'

/** Staging entries older than this are removed even if their process id looks alive (pid reuse). */
export const defaultStaleAfterMs = 60 * 60 * 1000

// `<pid>-<12 hex>` for a build slot, `<pid>-<12 hex>-old-<n>` for a target moved aside.
const slotName = /^(\d+)-[0-9a-f]{12}(?:-old-\d+)?$/

/** A private folder to build skills in, on the same filesystem as the skills folder. */
export interface StagingSlot {
  /** The real (symlink-resolved) skills folder: renames happen here. */
  readonly realSkillsDir: string
  /** `<real parent>/.skillship-staging`. */
  readonly root: string
  /** This process's slot inside `root`; build in `join(slot, name)`. */
  readonly slot: string
}

/** Options of `openStagingSlot`. */
export interface OpenStagingOptions {
  /** Staging entries older than this are abandoned (default one hour). */
  readonly staleAfterMs?: number
}

/**
 * Creates the skills folder if missing and a fresh slot in the staging folder beside it, after
 * removing what killed installs left there (cleanStaleStaging). Staging sits outside the skills
 * folder because agents scan only the skills folder, so a half-built skill is never visible, and
 * beside its real parent so the final rename cannot cross filesystems. One slot serves any number
 * of placements into that folder (see StagingSession).
 */
export async function openStagingSlot(
  skillsDir: string,
  options: OpenStagingOptions = {},
): Promise<StagingSlot> {
  const { realSkillsDir, root } = await preparedStaging(skillsDir)
  const name = `${process.pid}-${randomBytes(6).toString('hex')}`
  ownSlots.add(name)
  const slot = join(root, name)
  try {
    await mkdir(slot)
  } catch (error) {
    // The folders were removed since this process prepared them: prepare them again, once.
    if (errnoCode(error) !== 'ENOENT') throw error
    prepared.delete(skillsDir)
    return openStagingSlot(skillsDir, options)
  }
  await cleanStaleStaging(root, {
    now: Date.now(),
    staleAfterMs: options.staleAfterMs ?? defaultStaleAfterMs,
  })
  return { realSkillsDir, root, slot }
}

// Slots this process opened: live by definition, so the stale sweep skips them without a stat (an
// install sweeps once per placement, while its own concurrent slots fill the staging folder).
const ownSlots = new Set<string>()

// An install places many skills into few folders: each folder's staging is prepared once per
// process instead of once per skill (several syscalls each).
const prepared = new Map<string, Promise<{ realSkillsDir: string; root: string }>>()

function preparedStaging(skillsDir: string): Promise<{ realSkillsDir: string; root: string }> {
  let ready = prepared.get(skillsDir)
  if (!ready) {
    ready = prepareStaging(skillsDir)
    prepared.set(skillsDir, ready)
    ready.catch(() => prepared.delete(skillsDir))
  }
  return ready
}

async function prepareStaging(skillsDir: string): Promise<{ realSkillsDir: string; root: string }> {
  await mkdir(skillsDir, { recursive: true })
  const realSkillsDir = await realpath(skillsDir)
  const root = join(dirname(realSkillsDir), stagingDirName)
  await mkdir(root, { recursive: true })
  await ignoreInGit(root)
  return { realSkillsDir, root }
}

// A project's staging folder must not show up in `git status` after a crash.
async function ignoreInGit(root: string): Promise<void> {
  try {
    await writeFile(join(root, '.gitignore'), '*\n', { flag: 'wx' })
  } catch (error) {
    if (errnoCode(error) !== 'EEXIST') throw error
  }
}

/** When a staging entry counts as abandoned. */
export interface StaleStagingOptions {
  readonly now: number
  readonly staleAfterMs: number
}

/**
 * Removes staging entries a killed process left behind: those whose owner process is gone, and
 * those older than `staleAfterMs` whatever their owner. Entries of live installs (this process's
 * included) are kept. Returns the names removed.
 */
export async function cleanStaleStaging(
  root: string,
  options: StaleStagingOptions,
): Promise<string[]> {
  const removed: string[] = []
  for (const name of await readDirIfExists(root)) {
    const match = slotName.exec(name)
    if (match?.[1] === undefined || ownSlots.has(name.replace(/-old-\d+$/, ''))) continue
    const path = join(root, name)
    const stats = await lstatIfExists(path)
    if (stats === undefined) continue
    const old = options.now - stats.mtimeMs > options.staleAfterMs
    if (old || !isProcessAlive(Number(match[1]))) {
      await rm(path, { recursive: true, force: true })
      removed.push(basename(path))
    }
  }
  return removed
}
