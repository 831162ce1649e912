import { cp, mkdir, mkdtemp, realpath, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { type SkillRuntimeRecord, writeRuntimeState } from '../../src/install/prepare-runtimes.js'
import { writeLockfile } from '../../src/lockfile/lockfile.js'
import { currentLockfileVersion, type LockedSkill } from '../../src/lockfile/lockfile-schema.js'
import { rememberProject } from '../../src/project/project.js'
import { ensurePythonEnv } from '../../src/runtimes/python/build-python-env.js'
import { findPythonInterpreters } from '../../src/runtimes/python/interpreters.js'
import { selectInterpreter } from '../../src/runtimes/python/python-env.js'
import { installedStateVersion, writeInstalledState } from '../../src/state/installed-state.js'
import { createContentStore } from '../../src/store/content-store.js'
import { removeTree } from '../../src/store/remove-tree.js'
import { entryPaths } from '../../src/store/store-seal.js'
import { pythonTestEnv } from './python-test-env.js'

const skillNames = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'fresh'] as const
const envNames = ['one', 'two', 'user', 'gone', 'orphan', 'fresh'] as const

/** The machine gc tests run against; see makeGcFixture. */
export interface GcFixture {
  readonly root: string
  readonly skillshipHome: string
  readonly storeRoot: string
  readonly envsRoot: string
  readonly home: string
  readonly projects: { readonly one: string; readonly two: string; readonly gone: string }
  /** Integrity of each store entry. */
  readonly skills: Readonly<Record<(typeof skillNames)[number], string>>
  /** Key of each environment. */
  readonly envs: Readonly<Record<(typeof envNames)[number], string>>
  /** What gc must remove: integrities and keys, sorted. */
  readonly garbage: { readonly store: readonly string[]; readonly envs: readonly string[] }
  /** The store entry folder of an integrity. */
  entryDir(integrity: string): string
  /** Removes everything (store folders are read-only). */
  cleanup(): Promise<void>
}

/** Long enough ago for gc's one-minute grace period. */
const old = new Date(Date.now() - 10 * 60_000)

/**
 * Test support: a real skillship home with a real store (8 packed skills added to it, read-only
 * as the store keeps them), real venvs in the envs folder, and projects that reference them:
 *
 * - project one: skillship.lock locks a and b; runtimes.json runs b with env `one`;
 * - project two: skillship.lock locks b and c; installed.json records a placement of d; env `two`;
 * - the global project: skillship.lock locks g; the user's runtimes-user.json uses env `user`;
 * - project gone: listed in projects.json, its folder deleted (it locked e and used env `gone`);
 * - nobody references f, env `orphan`, nor `fresh` and env `fresh`, but those two are new.
 *
 * Everything but the `fresh` ones is dated ten minutes back. gc must remove e, f and the envs
 * `gone` and `orphan`, and drop project gone from projects.json.
 */
export async function makeGcFixture(): Promise<GcFixture> {
  const root = await realpath(await mkdtemp(join(tmpdir(), 'skillship-gc-')))
  const skillshipHome = join(root, 'home', '.skillship')
  const home = join(root, 'home')
  const storeRoot = join(skillshipHome, 'store')
  const envsRoot = join(skillshipHome, 'envs')
  const store = createContentStore({ root: storeRoot })
  const entries = await Promise.all(
    skillNames.map(async (name) => {
      const dir = join(root, 'sources', `gc-${name}`)
      await mkdir(dir, { recursive: true })
      await writeFile(
        join(dir, 'SKILL.md'),
        `---\nname: gc-${name}\ndescription: Test skill ${name} for gc. Use when testing.\n---\n# ${name}\n`,
      )
      const packed = await packSkill(await loadSkill(dir))
      return [name, await store.add(packed.tarball, packed.integrity)] as const
    }),
  )
  const skills = Object.fromEntries(entries.map(([name, entry]) => [name, entry.integrity]))
  const locked = (names: readonly (typeof skillNames)[number][]) =>
    Object.fromEntries(names.map((name) => [`gc-${name}`, lockedSkill(entries, name, root)]))

  const envs = await makeEnvs(envsRoot, root)
  const projects = {
    one: join(root, 'projects', 'one'),
    two: join(root, 'projects', 'two'),
    gone: join(root, 'projects', 'gone'),
  }
  const runtimeRecord = (integrity: string, key: string): SkillRuntimeRecord => ({
    integrity,
    python: { key, path: join(envsRoot, key), interpreter: '3.0.0' },
  })
  await project(projects.one, locked(['a', 'b']))
  await writeRuntimeState(join(projects.one, '.skillship', 'runtimes.json'), {
    version: 1,
    skills: { 'gc-b': runtimeRecord(skills['b'] as string, envs.one) },
  })
  await project(projects.two, locked(['b', 'c']))
  await writeRuntimeState(join(projects.two, '.skillship', 'runtimes.json'), {
    version: 1,
    skills: { 'gc-c': runtimeRecord(skills['c'] as string, envs.two) },
  })
  await writeInstalledState(join(projects.two, '.skillship', 'installed.json'), {
    version: installedStateVersion,
    skills: [
      {
        agent: 'qoder',
        name: 'gc-d',
        path: join(projects.two, '.qoder', 'skills', 'gc-d'),
        integrity: skills['d'] as string,
        method: 'folder',
      },
    ],
  })
  await project(join(skillshipHome, 'global'), locked(['g']))
  await writeRuntimeState(join(home, '.skillship', 'runtimes-user.json'), {
    version: 1,
    skills: { 'gc-g': runtimeRecord(skills['g'] as string, envs.user) },
  })
  // Listed by an install long ago; its folder is gone now.
  await rememberProject(skillshipHome, projects.gone)

  for (const [name, integrity] of Object.entries(skills)) {
    if (name !== 'fresh') await utimes(entryPaths(storeRoot, integrity).entryDir, old, old)
  }
  for (const [name, key] of Object.entries(envs)) {
    if (name !== 'fresh') await utimes(join(envsRoot, key), old, old)
  }
  return {
    root,
    skillshipHome,
    storeRoot,
    envsRoot,
    home,
    projects,
    skills: skills as GcFixture['skills'],
    envs,
    garbage: {
      store: [skills['e'] as string, skills['f'] as string].sort(),
      envs: [envs.gone, envs.orphan].sort(),
    },
    entryDir: (integrity) => entryPaths(storeRoot, integrity).entryDir,
    cleanup: () => removeTree(root),
  }

  async function project(dir: string, lockedSkills: Record<string, LockedSkill>): Promise<void> {
    await mkdir(dir, { recursive: true })
    await writeLockfile(join(dir, 'skillship.lock'), {
      lockfileVersion: currentLockfileVersion,
      skills: lockedSkills,
    })
    await rememberProject(skillshipHome, dir)
  }
}

function lockedSkill(
  entries: readonly (readonly [string, { integrity: string; files: LockedSkill['files'] }])[],
  name: string,
  root: string,
): LockedSkill {
  const entry = entries.find(([entryName]) => entryName === name)?.[1]
  if (entry === undefined) throw new Error(`no test skill ${name}`)
  return {
    spec: `file:./gc-${name}`,
    version: '1.0.0',
    source: { type: 'directory', path: join(root, 'sources', `gc-${name}`), link: false },
    integrity: entry.integrity,
    files: entry.files,
  }
}

// One real venv (no packages, so no pip run) and copies of it under the other keys: gc only
// cares that they are environment folders, with a venv's symlinks and all.
async function makeEnvs(
  envsRoot: string,
  root: string,
): Promise<Record<(typeof envNames)[number], string>> {
  const interpreter = selectInterpreter(await findPythonInterpreters({ env: process.env }), '>=3')
  const built = await ensurePythonEnv({
    envsRoot,
    interpreter,
    requirements: [],
    env: pythonTestEnv(join(root, 'no-wheels')),
  })
  const keys = Object.fromEntries(
    envNames.map((name, index) => [name, index === 0 ? built.key : fakeKey(index)]),
  ) as Record<(typeof envNames)[number], string>
  for (const [name, key] of Object.entries(keys)) {
    if (name === 'one') continue
    await cp(built.path, join(envsRoot, key), { recursive: true, verbatimSymlinks: true })
  }
  return keys
}

function fakeKey(index: number): string {
  return index.toString(16).repeat(32)
}
