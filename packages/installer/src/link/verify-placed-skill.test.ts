import { link, mkdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir, makeTestStoreEntry } from '../../test/link/make-test-store-entry.js'
import type { StoreEntry } from '../store/content-store.js'
import { sealedMtimeSeconds } from '../store/store-seal.js'
import { placeSkill } from './place-skill.js'
import { createRealFolderCache } from './skill-staging.js'
import {
  inspectPlacedSkill,
  isPlacedCorrectly,
  placementState,
  verifyBuiltFolder,
  verifyLinkToVerifiedFolder,
  verifyPlacedSkill,
} from './verify-placed-skill.js'

let root: string
let entry: StoreEntry
let skillsDir: string

beforeEach(async () => {
  root = await makeTempDir()
  entry = await makeTestStoreEntry(
    { 'SKILL.md': '---\nname: pdf\ndescription: d\n---\n', 'scripts/a.py': 'print(1)\n' },
    join(root, 'store'),
  )
  skillsDir = join(root, '.claude', 'skills')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function placeCopy(): Promise<string> {
  return (await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })).path
}

async function kinds(path: string, method: 'folder' | 'symlink' = 'folder'): Promise<string[]> {
  const { issues } = await inspectPlacedSkill({ path, files: entry.files, method })
  return issues.map((issue) =>
    issue.file === undefined ? issue.kind : `${issue.kind}:${issue.file}`,
  )
}

describe('verifyPlacedSkill', () => {
  it('verifies a freshly placed skill', async () => {
    const path = await placeCopy()
    const report = await verifyPlacedSkill({
      agent: 'claude-code',
      path,
      files: entry.files,
      method: 'folder',
    })
    expect(report).toEqual({ agent: 'claude-code', path, method: 'folder', verified: true })
  })

  it('reports a problem when something is wrong', async () => {
    const path = await placeCopy()
    await rm(join(path, 'scripts/a.py'))
    const report = await verifyPlacedSkill({
      agent: 'claude-code',
      path,
      files: entry.files,
      method: 'folder',
    })
    expect(report.verified).toBe(false)
    expect(report.problem).toBeTypeOf('string')
  })
})

describe('verifyBuiltFolder', () => {
  it('verifies the folder it built by identity, and inspects anything else found there', async () => {
    const placed = await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    const folder = placed.folder
    if (folder === undefined) throw new Error('placeSkill reported no folder')
    const options = {
      agent: 'claude-code',
      path: placed.path,
      files: entry.files,
      method: 'folder',
    }
    expect(await verifyBuiltFolder({ ...options, method: 'folder', folder })).toEqual({
      agent: 'claude-code',
      path: placed.path,
      method: 'folder',
      verified: true,
    })
    await rm(placed.path, { recursive: true, force: true })
    await mkdir(placed.path)
    await writeFile(join(placed.path, 'SKILL.md'), '---\nname: pdf\ndescription: d\n---\n')
    const report = await verifyBuiltFolder({ ...options, method: 'folder', folder })
    expect(report.verified).toBe(false)
    expect(report.problem).toContain('scripts/a.py')
  })
})

describe('inspectPlacedSkill', () => {
  it('finds a missing path', async () => {
    expect(await kinds(join(skillsDir, 'pdf'))).toEqual(['missing'])
  })

  it('finds a missing file', async () => {
    const path = await placeCopy()
    await rm(join(path, 'scripts/a.py'))
    expect(await kinds(path)).toEqual(['file-missing:scripts/a.py'])
  })

  it('finds a changed file of the same size and of another size', async () => {
    const path = await placeCopy()
    await writeFile(join(path, 'scripts/a.py'), 'print(2)\n')
    await writeFile(join(path, 'SKILL.md'), 'short\n')
    expect(await kinds(path)).toEqual(['file-changed:SKILL.md', 'file-changed:scripts/a.py'])
  })

  it('finds a dangling symlink', async () => {
    await mkdir(skillsDir, { recursive: true })
    await symlink(join(root, 'gone'), join(skillsDir, 'pdf'))
    expect(await kinds(join(skillsDir, 'pdf'), 'symlink')).toEqual(['dangling-symlink'])
  })

  it('finds a file where a folder should be', async () => {
    await mkdir(skillsDir, { recursive: true })
    await writeFile(join(skillsDir, 'pdf'), 'x')
    expect(await kinds(join(skillsDir, 'pdf'))).toEqual(['not-a-folder'])
  })

  it('finds a symlink where a real folder was expected', async () => {
    const target = await placeCopy()
    const other = join(root, '.qoder', 'skills')
    const placed = await placeSkill({
      method: 'symlink',
      symlinkTarget: target,
      skillsDir: other,
      name: 'pdf',
    })
    expect(await kinds(placed.path, 'folder')).toEqual(['wrong-method'])
    expect(await kinds(placed.path, 'symlink')).toEqual([])
  })

  it('finds an unreadable SKILL.md', async () => {
    const path = await placeCopy()
    await rm(join(path, 'SKILL.md'))
    await mkdir(join(path, 'SKILL.md'))
    expect(await kinds(path)).toEqual(['file-missing:SKILL.md', 'skill-md-unreadable'])
  })

  it('ignores files the skill does not list', async () => {
    const path = await placeCopy()
    await mkdir(join(path, 'scripts/__pycache__'))
    await writeFile(join(path, 'scripts/__pycache__/a.pyc'), 'bytecode')
    expect(await kinds(path)).toEqual([])
  })
})

describe('isPlacedCorrectly', () => {
  it('is true right after placing, so a second install can skip the skill', async () => {
    const { path } = await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
    expect(await isPlacedCorrectly({ path, files: entry.files, method: 'folder' })).toBe(true)
  })

  it('is false after a file changed', async () => {
    const path = await placeCopy()
    await writeFile(join(path, 'scripts/a.py'), 'print(2)\n')
    const options = { path, files: entry.files, method: 'folder' } as const
    expect(await isPlacedCorrectly(options)).toBe(false)
  })

  it('is false after a same-size edit whose mtime was put back to the seal', async () => {
    const path = await placeCopy()
    await writeFile(join(path, 'scripts/a.py'), 'print(7)\n')
    await utimes(join(path, 'scripts/a.py'), sealedMtimeSeconds, sealedMtimeSeconds)
    expect(await kinds(path)).toEqual(['file-changed:scripts/a.py'])
  })

  it('is false for a file with other hard links (a folder linked from the store before copies)', async () => {
    const path = await placeCopy()
    await rm(join(path, 'scripts/a.py'))
    await link(join(entry.dir, 'scripts/a.py'), join(path, 'scripts/a.py'))
    expect(await kinds(path)).toEqual(['file-shared:scripts/a.py'])
  })

  it('is placed again when a file is equal by content but not sealed (an edit undone)', async () => {
    const path = await placeCopy()
    await writeFile(join(path, 'scripts/a.py'), 'print(1)\n')
    const inspection = await inspectPlacedSkill({ path, files: entry.files, method: 'folder' })
    expect(inspection).toMatchObject({ issues: [], unsealed: true })
    expect(await placementState({ path, files: entry.files, method: 'folder' })).toBe('differs')
  })

  it('is false for a folder where a link is wanted and for a link to another folder', async () => {
    const canonical = await placeCopy()
    const elsewhere = (
      await placeSkill({ method: 'folder', entry, skillsDir: join(root, 'elsewhere'), name: 'pdf' })
    ).path
    const files = entry.files
    expect(
      await isPlacedCorrectly({
        path: canonical,
        files,
        method: 'symlink',
        symlinkTarget: canonical,
      }),
    ).toBe(false)
    const other = join(root, '.qoder', 'skills')
    const link = await placeSkill({
      method: 'symlink',
      symlinkTarget: elsewhere,
      skillsDir: other,
      name: 'pdf',
    })
    expect(
      await isPlacedCorrectly({
        path: link.path,
        files,
        method: 'symlink',
        symlinkTarget: canonical,
      }),
    ).toBe(false)
    expect(
      await isPlacedCorrectly({
        path: link.path,
        files,
        method: 'symlink',
        symlinkTarget: elsewhere,
      }),
    ).toBe(true)
  })
})

describe('verifyLinkToVerifiedFolder', () => {
  it('verifies a link by where it resolves, and names a wrong or dangling target', async () => {
    const folder = await placeCopy()
    const other = join(root, 'other')
    await mkdir(other)
    await writeFile(join(other, 'SKILL.md'), 'x')
    const links = join(root, '.cursor', 'skills')
    await mkdir(links, { recursive: true })
    const check = (name: string) =>
      verifyLinkToVerifiedFolder({
        agent: 'cursor',
        path: join(links, name),
        verifiedFolder: folder,
      })
    await symlink(folder, join(links, 'good'))
    await symlink(other, join(links, 'wrong'))
    await symlink(join(root, 'gone'), join(links, 'dangling'))
    expect(check('good')).toEqual({
      agent: 'cursor',
      path: join(links, 'good'),
      method: 'symlink',
      verified: true,
    })
    expect(check('wrong').verified).toBe(false)
    expect(check('dangling').problem).toBe('the symlink points to nothing')
  })

  it('with a folder cache, reads relative links once and resolves any other link in full', async () => {
    const folder = await placeCopy()
    const links = join(root, '.cursor', 'skills')
    await mkdir(join(links, 'sub'), { recursive: true })
    const folders = createRealFolderCache()
    const check = (name: string, verifiedFolder = folder) =>
      verifyLinkToVerifiedFolder({
        agent: 'cursor',
        path: join(links, name),
        verifiedFolder,
        folders,
      })
    await symlink('../../.claude/skills/pdf', join(links, 'relative'))
    await symlink('sub/../../../.claude/skills/pdf', join(links, 'detour'))
    await symlink('../../.claude/skills/other', join(links, 'elsewhere'))
    await writeFile(join(links, 'plain'), 'not a link')
    expect(check('relative').verified).toBe(true)
    expect(check('detour').verified).toBe(true)
    expect(check('elsewhere').problem).toBe('the symlink points to nothing')
    expect(check('plain').verified).toBe(false)
    // A skills folder reached through a symlink: the link text is read from the real folder.
    await symlink(join(root, '.claude'), join(root, 'claude-alias'))
    expect(check('relative', join(root, 'claude-alias', 'skills', 'pdf')).verified).toBe(true)
  })
})
