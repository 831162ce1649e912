import { lstat, mkdir, mkdtemp } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { forgetProjects } from '../project/project.js'
import { trashPath } from '../runtimes/node/env-folder-names.js'
import { removeStaleStaging } from '../runtimes/node/remove-stale-staging.js'
import { sweepPythonStaging } from '../runtimes/python/python-staging.js'
import { pathExists, renameIfPresent } from '../shared/helpers.js'
import { removeTree } from '../store/remove-tree.js'
import { stagingPrefix } from '../store/stage-store-entry.js'
import { tmpDir } from '../store/store-seal.js'
import { sweepStoreTmp } from '../store/sweep-store-tmp.js'
import { collectReferences } from './collect-references.js'
import { findEnvFolders } from './find-env-folders.js'
import { findStoreEntries } from './find-store-entries.js'
import { freedBytes } from './freed-bytes.js'

export interface CollectGarbageOptions {
  /** skillship's folder (`~/.skillship`): projects.json and the global project. */
  readonly skillshipHome: string
  readonly storeRoot: string
  readonly envsRoot: string
  /** The user's home: user-scope installs keep their state in `<home>/.skillship/`. */
  readonly home: string
  /** Report what would go, change nothing. */
  readonly dryRun: boolean
}

/** What gc removed, or with `dryRun` would remove. */
export interface GcReport {
  readonly dryRun: boolean
  /** Store entries: how many stay, and the integrities of those removed. */
  readonly store: { readonly kept: number; readonly removed: string[] }
  /** Environments: how many stay, and the keys of those removed. */
  readonly envs: { readonly kept: number; readonly removed: string[] }
  /** Bytes freed (or that would be): files whose last hard link goes. */
  readonly bytes: number
  /** Projects read for references, and the listed ones dropped because their folder is gone. */
  readonly projects: { readonly known: number; readonly dropped: string[] }
}

/** Anything modified more recently is spared: an install may be about to reference it. */
export const gcGraceMs = 60_000

/**
 * Removes the store entries and environments no known project references (see
 * collectReferences), except those modified in the last minute. All references are read before
 * anything is removed, and a file that cannot be read makes gc refuse with its code. Each victim
 * is first renamed into a trash folder (the store's tmp/, `.trash-<key>-*` beside the envs), so a
 * concurrent reader sees it whole or not at all, then deleted (read-only store folders are made
 * writable first). Then it sweeps stale staging and trash folders (of dead processes or older
 * than a day; never those of live builds) and drops gone projects from projects.json.
 *
 * Not protected: an install that starts using an old unreferenced entry or environment between
 * gc's reading and its removal; its lockfile is written at the end of the install, so gc cannot
 * see it. Placed skill folders (copies) survive that; symlinked ones and the environment need
 * `skillship install` again.
 */
export async function collectGarbage(options: CollectGarbageOptions): Promise<GcReport> {
  const started = Date.now()
  const references = await collectReferences(options)
  const storeRoot = resolve(options.storeRoot)
  const envsRoot = resolve(options.envsRoot)
  const [entries, envs] = await Promise.all([findStoreEntries(storeRoot), findEnvFolders(envsRoot)])
  const store = await removeUnreferenced({
    candidates: entries.map((entry) => ({ id: entry.integrity, dir: entry.dir })),
    referenced: (entry) => references.integrities.has(entry.id),
    remove: (entry) => removeStoreEntry(storeRoot, entry.dir),
    dryRun: options.dryRun,
    started,
  })
  const envReport = await removeUnreferenced({
    candidates: envs.map((env) => ({ id: env.key, dir: env.dir })),
    referenced: (env) => references.envKeys.has(env.id) || references.envPaths.has(env.dir),
    remove: (env) => removeEnv(envsRoot, env.id, env.dir),
    dryRun: options.dryRun,
    started,
  })
  if (!options.dryRun) {
    await sweepLeftovers(storeRoot, envsRoot)
    if (references.gone.length > 0) await forgetProjects(options.skillshipHome, references.gone)
  }
  return {
    dryRun: options.dryRun,
    store: { kept: store.kept, removed: store.removed },
    envs: { kept: envReport.kept, removed: envReport.removed },
    bytes: store.bytes + envReport.bytes,
    projects: { known: references.projects.length, dropped: [...references.gone] },
  }
}

/** A store entry (id: integrity) or an environment (id: key). */
interface Candidate {
  readonly id: string
  readonly dir: string
}

interface Removal {
  readonly candidates: readonly Candidate[]
  readonly referenced: (candidate: Candidate) => boolean
  /** Moves the candidate to trash and deletes it; false when it was already gone. */
  readonly remove: (candidate: Candidate) => Promise<boolean>
  readonly dryRun: boolean
  /** When gc started: the grace period counts back from here. */
  readonly started: number
}

// One at a time: deleting is disk-bound, and gc is no hurry.
async function removeUnreferenced(removal: Removal) {
  let kept = 0
  let bytes = 0
  const removed: string[] = []
  for (const candidate of removal.candidates) {
    if (removal.referenced(candidate)) {
      kept += 1
      continue
    }
    const modified = await modifiedAt(candidate.dir)
    // Gone meanwhile (another gc took it): neither kept nor removed by this one.
    if (modified === undefined) continue
    // Modified within the grace period, or in the future (a clock set back): spared.
    if (modified > removal.started - gcGraceMs) {
      kept += 1
      continue
    }
    const freed = await freedBytes(candidate.dir)
    if (!removal.dryRun && !(await removal.remove(candidate))) continue
    bytes += freed
    removed.push(candidate.id)
  }
  return { kept, removed: removed.sort(), bytes }
}

async function modifiedAt(path: string): Promise<number | undefined> {
  try {
    return (await lstat(path)).mtimeMs
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
}

// False when the entry vanished before it could be moved (another gc took it).
async function removeStoreEntry(storeRoot: string, dir: string): Promise<boolean> {
  await mkdir(tmpDir(storeRoot), { recursive: true })
  // The sweep of the store's tmp/ knows this prefix: a gc killed mid-delete leaves nothing for long.
  const trash = await mkdtemp(join(tmpDir(storeRoot), `${stagingPrefix()}gc-`))
  const moved = await renameIfPresent(dir, trash)
  await removeTree(trash)
  return moved
}

async function removeEnv(envsRoot: string, key: string, dir: string): Promise<boolean> {
  const trash = trashPath(envsRoot, key)
  const moved = await renameIfPresent(dir, trash)
  if (moved) await removeTree(trash)
  return moved
}

async function sweepLeftovers(storeRoot: string, envsRoot: string): Promise<void> {
  await sweepStoreTmp(tmpDir(storeRoot))
  if (!(await pathExists(envsRoot))) return
  // Python builds name their staging folders with their pid (a dead one's go now); the other
  // staging and trash folders go after a day, as the builds themselves sweep them.
  await sweepPythonStaging(envsRoot)
  await removeStaleStaging(envsRoot)
}
