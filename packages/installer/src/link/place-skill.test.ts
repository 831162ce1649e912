import { spawnSync } from 'node:child_process'
import { existsSync, statSync } from 'node:fs'
import {
  lstat,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  readlink,
  realpath,
  rm,
  stat,
  symlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { isAbsolute, join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, makeTestStoreEntry } from '../../test/link/make-test-store-entry.js'
import type { StoreEntry } from '../store/content-store.js'
import { sealedMtimeMs } from '../store/store-seal.js'
import { placeSkill } from './place-skill.js'
import { stagingDirName } from './skill-staging.js'
import { verifyPlacedSkill } from './verify-placed-skill.js'

const skillFiles = {
  'SKILL.md': '---\nname: pdf\ndescription: Work with PDFs.\n---\nBody\n',
  'scripts/run.py': { content: 'print(1)\n', mode: 0o555 },
  'reference/forms.md': '# Forms\n',
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not-a-skillship-error'
  }
  return undefined
}

let root: string
let entry: StoreEntry
let skillsDir: string

beforeEach(async () => {
  root = await makeTempDir()
  entry = await makeTestStoreEntry(skillFiles, join(root, 'store'))
  skillsDir = join(root, 'project', '.qoder', 'skills')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function verified(path: string, method: 'folder' | 'symlink' = 'folder'): Promise<boolean> {
  return (await verifyPlacedSkill({ agent: 'qoder', path, files: entry.files, method })).verified
}

describe('placeSkill, folder', () => {
  it('creates the skills folder and copies every file from the store: no inode shared', async () => {
    const placed = await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    const folder = await stat(join(skillsDir, 'pdf'))
    expect(placed).toMatchObject({
      path: join(skillsDir, 'pdf'),
      method: 'folder',
      folder: { dev: folder.dev, ino: folder.ino },
      replaced: false,
    })
    for (const file of entry.files) {
      const [inStore, inAgent] = await Promise.all([
        stat(join(entry.dir, file.path)),
        stat(join(skillsDir, 'pdf', file.path)),
      ])
      expect(inAgent.ino).not.toBe(inStore.ino)
      expect(inAgent.nlink).toBe(1)
      // Sealed: the store's fixed mtime, recorded with the inode and ctime (placed-marker.ts).
      expect(inAgent.mtimeMs).toBe(sealedMtimeMs)
      expect(placed.files?.get(file.path)).toEqual({
        ino: inAgent.ino,
        size: inAgent.size,
        mtimeMs: inAgent.mtimeMs,
        ctimeMs: inAgent.ctimeMs,
      })
    }
    expect(await verified(placed.path)).toBe(true)
  })

  it('gives copies plain writable modes', async () => {
    const placed = await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    expect((await stat(join(placed.path, 'SKILL.md'))).mode & 0o777).toBe(0o644)
    expect((await stat(join(placed.path, 'scripts/run.py'))).mode & 0o777).toBe(0o755)
  })

  it('leaves nothing but the skill in the skills folder, and an empty staging folder beside it', async () => {
    await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    expect(await readdir(skillsDir)).toEqual(['pdf'])
    expect(await readdir(join(skillsDir, '..', stagingDirName))).toEqual(['.gitignore'])
  })

  it('replaces a skill it is allowed to replace', async () => {
    await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    const next = await makeTestStoreEntry({ 'SKILL.md': 'new\n' }, join(root, 'store2'))
    const placed = await placeSkill({
      method: 'folder',
      entry: next,
      skillsDir,
      name: 'pdf',
      replace: true,
    })
    expect(placed.replaced).toBe(true)
    expect(await readdir(placed.path)).toEqual(['.skillship-placed.json', 'SKILL.md'])
    expect(await readFile(join(placed.path, 'SKILL.md'), 'utf8')).toBe('new\n')
  })

  it('refuses a folder already there without replace, and leaves it untouched', async () => {
    const own = join(skillsDir, 'pdf')
    await mkdir(own, { recursive: true })
    await writeFile(join(own, 'SKILL.md'), 'mine\n')
    const code = await codeOf(placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' }))
    expect(code).toBe('INSTALL_TARGET_CONFLICT')
    expect(await readdir(own)).toEqual(['SKILL.md'])
    expect(await readFile(join(own, 'SKILL.md'), 'utf8')).toBe('mine\n')
  })

  it.each(['../escape', 'a/b', '..', 'PDF', ''])(
    'refuses the name %j before touching the disk',
    async (name) => {
      const code = await codeOf(placeSkill({ method: 'folder', entry, skillsDir, name }))
      expect(code).toBe('INSTALL_LINK_FAILED')
      expect(await readdir(root)).toEqual(['store'])
    },
  )

  it('refuses a store entry listing a path that climbs out', async () => {
    const bad = {
      ...entry,
      files: [...entry.files, { path: '../x', size: 0, mode: 0o644, sha256: '' }],
    }
    const code = await codeOf(placeSkill({ method: 'folder', entry: bad, skillsDir, name: 'pdf' }))
    expect(code).toBe('INSTALL_LINK_FAILED')
    expect(await readdir(skillsDir)).toEqual([])
  })
})

describe('placeSkill, symlink', () => {
  async function canonical(): Promise<string> {
    const agents = join(root, 'project', '.agents', 'skills')
    return (await placeSkill({ method: 'folder', entry, skillsDir: agents, name: 'pdf' })).path
  }

  it('creates a relative link that resolves to the target', async () => {
    const target = await canonical()
    const placed = await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir,
      name: 'pdf',
    })
    const link = await readlink(placed.path)
    expect(isAbsolute(link)).toBe(false)
    expect(link).toBe(join('..', '..', '.agents', 'skills', 'pdf'))
    expect(await realpath(placed.path)).toBe(await realpath(target))
    expect(await verified(placed.path, 'symlink')).toBe(true)
  })

  it('computes the link from the real parent when the skills folder is itself a symlink', async () => {
    const target = await canonical()
    const dotfiles = join(root, 'dotfiles', 'claude-skills')
    await mkdir(dotfiles, { recursive: true })
    const linkedSkillsDir = join(root, 'project', '.claude', 'skills')
    await mkdir(join(root, 'project', '.claude'))
    await symlink(dotfiles, linkedSkillsDir)
    const placed = await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir: linkedSkillsDir,
      name: 'pdf',
    })
    expect(await readlink(join(dotfiles, 'pdf'))).toBe(
      join('..', '..', 'project', '.agents', 'skills', 'pdf'),
    )
    expect(await verified(placed.path, 'symlink')).toBe(true)
    // A link made where nothing was in the way needs no staging folder at all.
    expect(await readdir(join(root, 'dotfiles'))).toEqual(['claude-skills'])
    // Replacing it stages beside the real folder, so the rename never crosses into another tree.
    await placeSkill({
      method: 'folder',
      entry,
      skillsDir: linkedSkillsDir,
      name: 'pdf',
      replace: true,
    })
    expect(await readdir(join(root, 'dotfiles'))).toEqual([stagingDirName, 'claude-skills'].sort())
    expect((await lstat(join(dotfiles, 'pdf'))).isDirectory()).toBe(true)
  })

  it('replaces a folder with a link and a link with a folder', async () => {
    const target = await canonical()
    await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir,
      name: 'pdf',
      replace: true,
    })
    expect((await lstat(join(skillsDir, 'pdf'))).isSymbolicLink()).toBe(true)
    await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf', replace: true })
    expect((await lstat(join(skillsDir, 'pdf'))).isDirectory()).toBe(true)
    expect(await realpath(target)).toBe(target.replace(root, await realpath(root)))
    expect(await verified(target)).toBe(true)
  })

  it('refuses a missing target with INSTALL_LINK_FAILED', async () => {
    const symlinkTarget = join(root, 'nowhere')
    const code = await codeOf(
      placeSkill({ method: 'symlink', symlinkTarget, skillsDir, name: 'pdf' }),
    )
    expect(code).toBe('INSTALL_LINK_FAILED')
  })
})

describe('placeSkill, stale staging', () => {
  function deadPid(): number {
    const child = spawnSync(process.execPath, ['-e', ''])
    return child.pid ?? 0
  }

  it('removes entries of dead processes and old entries, keeps live recent ones', async () => {
    const staging = join(skillsDir, '..', stagingDirName)
    const dead = join(staging, `${deadPid()}-0123456789ab`)
    const deadAside = join(staging, `${deadPid()}-0123456789ab-old-1`)
    const old = join(staging, `${process.pid}-aaaaaaaaaaaa`)
    const live = join(staging, `${process.pid}-bbbbbbbbbbbb`)
    const foreign = join(staging, 'not-ours')
    for (const dir of [dead, deadAside, old, live, foreign])
      await mkdir(join(dir, 'pdf'), { recursive: true })
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000)
    await utimes(old, twoHoursAgo, twoHoursAgo)
    await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    const expected = ['.gitignore', 'not-ours', `${process.pid}-bbbbbbbbbbbb`]
    expect((await readdir(staging)).sort()).toEqual(expected.sort())
  })
})

describe('placeSkill across filesystems', () => {
  // tmpfs on /dev/shm is another device than the temp folder on most Linux machines.
  const shm = '/dev/shm'
  const crossDevice = existsSync(shm) && statSync(shm).dev !== statSync(tmpdir()).dev

  it.skipIf(!crossDevice)(
    'copies from a store on another device (FICLONE falls back to a copy there)',
    async () => {
      const shmRoot = await mkdtemp(join(shm, 'skillship-'))
      try {
        const remote = await makeTestStoreEntry(skillFiles, shmRoot)
        const placed = await placeSkill({ method: 'folder', entry: remote, skillsDir, name: 'pdf' })
        expect(placed.files?.size).toBe(remote.files.length)
        const report = await verifyPlacedSkill({
          agent: 'qoder',
          path: placed.path,
          files: remote.files,
          method: 'folder',
        })
        expect(report.verified).toBe(true)
      } finally {
        await rm(shmRoot, { recursive: true, force: true })
      }
    },
  )
})
