import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  constants,
  copyFileSync,
  lstatSync,
  mkdirSync,
  realpathSync,
  utimesSync,
} from 'node:fs'
import { mkdir, realpath, rm, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { checkEntryPath } from '@skillship/core/entry-path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { isProcessAlive } from '../project/project.js'
import { ancestorFolders, lstatIfExists, readDirIfExists } from '../shared/helpers.js'
import {
  type PlacedFileStats,
  placedMarkerName,
  writePlacedMarker,
} from '../state/installed-state.js'
import { sealedMtimeSeconds } from '../store/store-seal.js'

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

/** Where to build from. */
export interface BuildSkillFolderOptions {
  /** The store entry's folder (read-only). */
  readonly fromDir: string
  readonly files: readonly LockedFile[]
  /** A folder that does not exist yet; created here. */
  readonly toDir: string
  /** The skill's name and store integrity, written with the files into skillship's marker. */
  readonly marker: { readonly name: string; readonly integrity: string }
}

/**
 * Materialises `files` from `fromDir` into the new folder `toDir` as the project's own files:
 * copy-on-write clones where the filesystem has them (FICLONE), plain copies elsewhere, never
 * hard links, so an edit in one project reaches neither the store nor any other project. Each
 * file gets a plain writable mode (0755 when the stored file is executable, else 0644) and the
 * placement seal: the store's sealed mtime, which any later write to the file replaces with the
 * present (see placed-marker.ts for the rule that makes this a content check). Every path is
 * re-checked (INSTALL_LINK_FAILED) so a corrupt entry cannot write outside `toDir`. The folder also
 * gets skillship's marker (placed-marker.ts), the proof that skillship placed it, checked before
 * any later replacement or removal. Returns each file's stats as sealed, by skill-relative path.
 * Synchronous file operations on purpose: a skill is a handful of small files, and thread-pool
 * round trips cost several times the copy itself (an install places hundreds).
 */
export function buildSkillFolder(options: BuildSkillFolderOptions): Map<string, PlacedFileStats> {
  const { paths, folders } = layoutOf(options.files)
  mkdirSync(options.toDir)
  // Every ancestor folder, parents before children: plain mkdir, no recursive probing.
  for (const folder of folders) mkdirSync(join(options.toDir, folder))
  const sealed = new Map<string, PlacedFileStats>()
  for (const [index, path] of paths.entries()) {
    const file = options.files[index] as LockedFile
    sealed.set(path, copySealed(join(options.fromDir, path), join(options.toDir, path), file.mode))
  }
  writePlacedMarker(options.toDir, { ...options.marker, files: options.files, sealed })
  return sealed
}

interface FolderLayout {
  readonly paths: readonly string[]
  readonly folders: readonly string[]
}

// One store entry is placed into every agent folder: its paths are checked once per install.
const layouts = new WeakMap<readonly LockedFile[], FolderLayout>()

function layoutOf(files: readonly LockedFile[]): FolderLayout {
  let layout = layouts.get(files)
  if (layout === undefined) {
    const paths = files.map((file) => safeRelativePath(file.path))
    layout = { paths, folders: ancestorFolders(paths) }
    layouts.set(files, layout)
  }
  return layout
}

// FICLONE: a copy-on-write clone where the filesystem has them, a plain copy elsewhere (libuv
// falls back by itself). The seal comes last: the chmod would otherwise move the ctime recorded.
function copySealed(from: string, to: string, mode: number): PlacedFileStats {
  copyFileSync(from, to, constants.COPYFILE_FICLONE)
  chmodSync(to, (mode & 0o111) !== 0 ? 0o755 : 0o644)
  utimesSync(to, sealedMtimeSeconds, sealedMtimeSeconds)
  const { ino, size, mtimeMs, ctimeMs } = lstatSync(to)
  return { ino, size, mtimeMs, ctimeMs }
}

function safeRelativePath(path: string): string {
  try {
    const checked = checkEntryPath(path)
    // The marker's name is skillship's: a skill shipping a file there could pose as placed.
    if (checked === path && path !== placedMarkerName) return path
  } catch (error) {
    throw unsafeFile(path, error)
  }
  throw unsafeFile(path, undefined)
}

function unsafeFile(path: string, cause: unknown): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.LinkFailed,
    `The store entry lists an unsafe file path: ${JSON.stringify(path)}.`,
    { hint: 'Clear the store entry and install again.', path, cause },
  )
}

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

/**
 * Real (symlink-resolved) paths of folders, each resolved once. Resolving walks every component
 * of the path; an install links hundreds of skills into the same few folders, which do not move
 * while it runs (if one does, the checks after placing see it).
 */
export interface RealFolderCache {
  /** The real path of the existing folder `path`; throws what realpath throws. */
  realFolder(path: string): string
}

export function createRealFolderCache(): RealFolderCache {
  const known = new Map<string, string>()
  return {
    realFolder(path) {
      let real = known.get(path)
      if (real === undefined) {
        real = realpathSync(path)
        known.set(path, real)
      }
      return real
    },
  }
}
