import { stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { readRuntimeState } from '../install/prepare-runtimes.js'
import { readLockfile } from '../lockfile/lockfile.js'
import { knownProjects } from '../project/project.js'
import { readInstalledState } from '../state/installed-state.js'

/** Where gc looks for references. */
export interface ReferenceSources {
  readonly skillshipHome: string
  /** The user's home: user-scope installs keep their state in `<home>/.skillship/`. */
  readonly home: string
}

/** What every known project still uses. */
export interface References {
  /** Store keys: the integrities in lockfiles, installed-state and runtimes files. */
  readonly integrities: ReadonlySet<string>
  /** Environment keys in runtimes files. */
  readonly envKeys: ReadonlySet<string>
  /** Resolved environment paths in runtimes files. */
  readonly envPaths: ReadonlySet<string>
  /** The project roots read (listed ones that exist, and the global project when it exists). */
  readonly projects: readonly string[]
  /** Listed project roots whose folder is gone. */
  readonly gone: readonly string[]
}

/**
 * Reads, for every project in projects.json plus the global project (`<skillshipHome>/global`),
 * its skillship.lock and the state files naming what it placed and which environments it runs
 * with (`.skillship/installed.json` and `runtimes.json`; for the global project the user-scope
 * `<home>/.skillship/installed-user.json` and `runtimes-user.json`, read even without the folder).
 * Any file that exists but cannot be read throws its coded error (INSTALL_LOCKFILE_INVALID,
 * INSTALL_LOCKFILE_TOO_NEW, INSTALL_VERIFY_FAILED): gc must never delete what it might reference.
 */
export async function collectReferences(sources: ReferenceSources): Promise<References> {
  const globalRoot = resolve(sources.skillshipHome, 'global')
  const listed = (await knownProjects(sources.skillshipHome)).map((root) => resolve(root))
  const roots = [...new Set([...listed, globalRoot])]
  const present = await Promise.all(roots.map(isFolder))
  const reads = roots.flatMap((root, index) => {
    const exists = present[index] === true
    if (root === globalRoot) return [referencesOf(userScopeFiles(root, exists, sources.home))]
    return exists ? [referencesOf(projectFiles(root))] : []
  })
  const found = await Promise.all(reads)
  const envs = found.flatMap((refs) => refs.envs)
  return {
    integrities: new Set(found.flatMap((refs) => refs.integrities)),
    envKeys: new Set(envs.map((env) => env.key)),
    envPaths: new Set(envs.map((env) => resolve(env.path))),
    projects: roots.filter((_, index) => present[index]).sort(),
    gone: roots.filter((root, index) => !present[index] && listed.includes(root)).sort(),
  }
}

/** The files that say what one project uses. */
interface ProjectFiles {
  /** Undefined for a global project whose folder does not exist. */
  readonly lockfile: string | undefined
  readonly installed: string
  readonly runtimes: string
}

function projectFiles(root: string): ProjectFiles {
  return {
    lockfile: join(root, 'skillship.lock'),
    installed: join(root, '.skillship', 'installed.json'),
    runtimes: join(root, '.skillship', 'runtimes.json'),
  }
}

function userScopeFiles(root: string, exists: boolean, home: string): ProjectFiles {
  return {
    lockfile: exists ? join(root, 'skillship.lock') : undefined,
    installed: join(home, '.skillship', 'installed-user.json'),
    runtimes: join(home, '.skillship', 'runtimes-user.json'),
  }
}

async function referencesOf(files: ProjectFiles) {
  const [lockfile, installed, runtimes] = await Promise.all([
    files.lockfile === undefined ? undefined : readLockfile(files.lockfile),
    readInstalledState(files.installed),
    readRuntimeState(files.runtimes),
  ])
  const records = Object.values(runtimes.skills)
  return {
    integrities: [
      ...Object.values(lockfile?.lockfile.skills ?? {}).map((skill) => skill.integrity),
      ...installed.skills.map((record) => record.integrity),
      ...records.map((record) => record.integrity),
    ],
    envs: records.flatMap((record) =>
      [record.python, record.node].filter((env) => env !== undefined),
    ),
  }
}

// Gone: the path does not exist, or something other than a folder took its place.
async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch (error) {
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return false
    throw error
  }
}
