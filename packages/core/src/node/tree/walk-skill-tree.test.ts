import { execFileSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import type { TreeLimits } from './tree-limits.js'
import { walkSkillTree } from './walk-skill-tree.js'

let base: string
let root: string

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'skillship-walk-'))
  root = join(base, 'skill')
  await mkdir(root)
})

afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

async function put(relative: string, content = 'x', mode = 0o644): Promise<void> {
  const file = join(root, relative)
  await mkdir(dirname(file), { recursive: true })
  await writeFile(file, content)
  await chmod(file, mode)
}

async function walkCode(limits: Partial<TreeLimits> = {}): Promise<string | undefined> {
  try {
    await walkSkillTree(root, { limits })
  } catch (error) {
    return (error as { code?: string }).code
  }
  return undefined
}

describe('walkSkillTree', () => {
  it('lists files sorted by UTF-8 bytes with normalised modes and sizes', async () => {
    await put('SKILL.md', '# hi\n')
    await put('scripts/run.sh', '#!/bin/sh\n', 0o700)
    await put('scripts/lib.py', 'pass\n', 0o664)
    await put('b.md')
    await put('a/z.md')
    await put('é.md')
    await put('Z.md', 'x', 0o401)
    await mkdir(join(root, 'empty/nested'), { recursive: true })
    const tree = await walkSkillTree(root)
    expect(tree.root).toBe(await realpath(root))
    expect(tree.files.map((file) => [file.path, file.mode, file.size])).toEqual([
      ['SKILL.md', 0o644, 5],
      ['Z.md', 0o755, 1],
      ['a/z.md', 0o644, 1],
      ['b.md', 0o644, 1],
      ['scripts/lib.py', 0o644, 5],
      ['scripts/run.sh', 0o755, 10],
      ['é.md', 0o644, 1],
    ])
    expect(tree.totalBytes).toBe(24)
    expect(tree.files[0]?.absolutePath).toBe(join(tree.root, 'SKILL.md'))
  })

  it('normalises NFD names from disk to NFC', async () => {
    await put('cafe\u0301.md')
    const tree = await walkSkillTree(root)
    expect(tree.files.map((file) => file.path)).toEqual(['caf\u00e9.md'])
  })

  it('skips ignored folders and files anywhere in the tree', async () => {
    await put('SKILL.md')
    await put('.git/config')
    await put('node_modules/x/index.js')
    await put('scripts/__pycache__/a.pyc')
    await put('scripts/b.pyc')
    await put('.venv/bin/python')
    await put('assets/.DS_Store')
    await put('Thumbs.db')
    const tree = await walkSkillTree(root)
    expect(tree.files.map((file) => file.path)).toEqual(['SKILL.md'])
  })

  it('follows a symlink to a file inside the root and lists it at the link path', async () => {
    await put('references/real.md', 'real')
    await symlink('references/real.md', join(root, 'alias.md'))
    const tree = await walkSkillTree(root)
    const alias = tree.files.find((file) => file.path === 'alias.md')
    expect(alias?.size).toBe(4)
    expect(alias?.absolutePath).toBe(join(tree.root, 'references/real.md'))
  })

  it('accepts hard links', async () => {
    await put('a.md', 'same')
    execFileSync('ln', [join(root, 'a.md'), join(root, 'b.md')])
    const tree = await walkSkillTree(root)
    expect(tree.files.map((file) => file.path)).toEqual(['a.md', 'b.md'])
  })

  it('accepts a root that is itself a symlink and reports its real path', async () => {
    await put('SKILL.md')
    const link = join(base, 'link')
    await symlink(root, link)
    const tree = await walkSkillTree(link)
    expect(tree.root).toBe(await realpath(root))
  })

  it.each([
    [
      'a symlink escaping the root',
      SkillErrorCode.LinkEscape,
      async () => {
        await writeFile(join(base, 'secret'), 'x')
        await symlink('../secret', join(root, 'leak.md'))
      },
    ],
    [
      'an absolute symlink outside',
      SkillErrorCode.LinkEscape,
      async () => {
        await symlink('/etc/hostname', join(root, 'host'))
      },
    ],
    [
      'a symlink to a folder',
      SkillErrorCode.LinkDirectory,
      async () => {
        await put('docs/a.md')
        await symlink('docs', join(root, 'more'))
      },
    ],
    [
      'a symlink to the root',
      SkillErrorCode.LinkDirectory,
      async () => {
        await symlink('.', join(root, 'self'))
      },
    ],
    [
      'a broken symlink',
      SkillErrorCode.PathNotFound,
      async () => {
        await symlink('missing.md', join(root, 'broken.md'))
      },
    ],
    [
      'a symlink loop',
      SkillErrorCode.PathNotFound,
      async () => {
        await symlink('loop-b', join(root, 'loop-a'))
        await symlink('loop-a', join(root, 'loop-b'))
      },
    ],
    [
      'a FIFO',
      SkillErrorCode.SpecialFile,
      async () => {
        execFileSync('mkfifo', [join(root, 'pipe')])
      },
    ],
    ['a setuid file', SkillErrorCode.SetuidBit, () => put('run', 'x', 0o4755)],
    ['a setgid file', SkillErrorCode.SetuidBit, () => put('run', 'x', 0o2755)],
    [
      'a case collision',
      SkillErrorCode.PathCollision,
      async () => {
        await put('SKILL.md')
        await put('skill.md')
      },
    ],
    [
      'an NFC/NFD collision',
      SkillErrorCode.PathCollision,
      async () => {
        await put('caf\u00e9.md')
        await put('cafe\u0301.md')
      },
    ],
    ['a Windows reserved name', SkillErrorCode.PathNotPortable, () => put('scripts/aux.py')],
    ['a name with a backslash', SkillErrorCode.PathUnsafe, () => put('a\\b.md')],
  ])('rejects %s', async (_label, code, arrange) => {
    await put('SKILL.md', 'x')
    await arrange()
    expect(await walkCode()).toBe(code)
  })

  it.each([
    ['too many files', SkillErrorCode.TreeTooManyFiles, { maxFiles: 2 }],
    ['too many bytes', SkillErrorCode.TreeTooLarge, { maxTotalBytes: 25 }],
    ['a file too large', SkillErrorCode.FileTooLarge, { maxFileBytes: 15 }],
    ['folders too deep', SkillErrorCode.TreeTooDeep, { maxDepth: 2 }],
  ])('enforces %s', async (_label, code, limits) => {
    await put('SKILL.md', 'x'.repeat(10))
    await put('a/b/c/deep.md', 'x'.repeat(10))
    await put('big.md', 'x'.repeat(20))
    expect(await walkCode(limits)).toBe(code)
  })

  it('stops at the entry budget in a tree of empty folders', async () => {
    await put('SKILL.md')
    for (const name of ['a', 'b', 'c', 'd', 'e']) await mkdir(join(root, name))
    expect(await walkCode({ maxFiles: 2 })).toBe(SkillErrorCode.TreeTooManyFiles)
  })

  it('accepts a tree exactly at its limits', async () => {
    await put('SKILL.md', 'x'.repeat(10))
    await put('a/b/deep.md', 'x'.repeat(10))
    expect(await walkCode({ maxFiles: 2, maxTotalBytes: 20, maxFileBytes: 10, maxDepth: 2 })).toBe(
      undefined,
    )
  })

  it.each([
    ['a missing root', () => join(base, 'missing')],
    ['a root that is a file', () => join(root, 'SKILL.md')],
  ])('throws PathNotFound for %s', async (_label, pick) => {
    await put('SKILL.md')
    const error = await walkSkillTree(pick()).catch((thrown: unknown) => thrown)
    // `skillship pack <path>` prints this error as it is: it must say what to do.
    expect(error).toMatchObject({ code: SkillErrorCode.PathNotFound, hint: expect.any(String) })
  })
})
