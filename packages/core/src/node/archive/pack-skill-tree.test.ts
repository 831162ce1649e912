import { execFileSync } from 'node:child_process'
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { walkSkillTree } from '../tree/walk-skill-tree.js'
import { sha256Hex, verifyIntegrity } from './integrity.js'
import { packSkillTree } from './pack-skill-tree.js'
import { unpackSkillArchive } from './unpack-skill-archive.js'

interface FileSpec {
  readonly path: string
  readonly content: string
  readonly mode: number
}

const files: readonly FileSpec[] = [
  { path: 'SKILL.md', content: '---\nname: demo\ndescription: d\n---\n# Demo\n', mode: 0o644 },
  { path: 'scripts/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
  { path: 'scripts/helper.py', content: 'print(1)\n', mode: 0o644 },
  { path: 'references/guide.md', content: 'guide '.repeat(500), mode: 0o644 },
  { path: 'assets/技能.txt', content: '中文', mode: 0o644 },
]

let base: string

beforeEach(async () => {
  base = await mkdtemp(join(tmpdir(), 'skillship-pack-'))
})

afterEach(async () => {
  await rm(base, { recursive: true, force: true })
})

async function makeSkill(
  name: string,
  specs: readonly FileSpec[],
  vary: (file: string, index: number) => Promise<void> = async () => {},
): Promise<string> {
  const root = join(base, name)
  for (const [index, spec] of specs.entries()) {
    const file = join(root, spec.path)
    await mkdir(dirname(file), { recursive: true })
    await writeFile(file, spec.content)
    await chmod(file, spec.mode)
    await vary(file, index)
  }
  return root
}

describe('packSkillTree', () => {
  it('gives byte-identical output whatever the mtimes, owners, creation order and non-x bits', async () => {
    const first = await makeSkill('a', files)
    const second = await makeSkill('b', [...files].reverse(), async (file, index) => {
      await chown(file, 1000 + index, 2000 + index)
      await utimes(file, 1_000_000 + index, 2_000_000 + index)
      const mode = (await stat(file)).mode
      await chmod(file, (mode & 0o111) === 0 ? 0o600 : 0o711)
    })
    const packedFirst = await packSkillTree(await walkSkillTree(first), { prefix: 'demo' })
    const packedSecond = await packSkillTree(await walkSkillTree(second), { prefix: 'demo' })
    expect(Buffer.from(packedSecond.tarball).equals(Buffer.from(packedFirst.tarball))).toBe(true)
    expect(packedSecond.integrity).toBe(packedFirst.integrity)
  })

  it('writes a fixed gzip header: no name, mtime 0, XFL 0 (level 6), OS 3', async () => {
    const packed = await packSkillTree(await walkSkillTree(await makeSkill('a', files)), {
      prefix: 'demo',
    })
    expect([...packed.tarball.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3])
  })

  it('pins the integrity of a known skill, so a format or fflate change is caught', async () => {
    const packed = await packSkillTree(await walkSkillTree(await makeSkill('a', files)), {
      prefix: 'demo',
    })
    expect(packed.integrity).toBe(
      'sha512-vTroONVCFqz1XchIWoRHtPBZcU4MEKH0JZKSFpbjaLLMGSH389gJkaiwgTw0ObXPst2SiqLXtnewPnUXDq9iXA==',
    )
  })

  it('reports sizes, modes, hashes and a verifiable integrity', async () => {
    const packed = await packSkillTree(await walkSkillTree(await makeSkill('a', files)), {
      prefix: 'demo',
    })
    expect(packed.size).toBe(packed.tarball.length)
    expect(verifyIntegrity(packed.tarball, packed.integrity)).toBe(true)
    expect(packed.files.map((file) => file.path)).toEqual([
      'SKILL.md',
      'assets/技能.txt',
      'references/guide.md',
      'scripts/helper.py',
      'scripts/run.sh',
    ])
    const byPath = new Map(files.map((spec) => [spec.path, spec]))
    for (const file of packed.files) {
      const spec = byPath.get(file.path)
      expect(file.sha256).toBe(sha256Hex(new TextEncoder().encode(spec?.content)))
      expect(file.mode).toBe(spec?.mode)
    }
    expect(packed.unpackedSize).toBe(packed.files.reduce((sum, file) => sum + file.size, 0))
  })

  it('round-trips through unpackSkillArchive with the same files, hashes and exec bits', async () => {
    const packed = await packSkillTree(await walkSkillTree(await makeSkill('a', files)), {
      prefix: 'demo',
    })
    const destination = join(base, 'installed', 'demo')
    const unpacked = await unpackSkillArchive(packed.tarball, destination)
    expect(unpacked.wrapper).toBe('demo')
    expect(unpacked.format).toBe('tgz')
    expect(unpacked.files.map(({ path, size, mode }) => ({ path, size, mode }))).toEqual(
      packed.files.map(({ path, size, mode }) => ({ path, size, mode })),
    )
    for (const [index, file] of unpacked.files.entries()) {
      expect(sha256Hex(await readFile(file.absolutePath))).toBe(packed.files[index]?.sha256)
      expect((await stat(file.absolutePath)).mode & 0o7777).toBe(file.mode)
    }
    const again = await packSkillTree(await walkSkillTree(destination), { prefix: 'demo' })
    expect(again.integrity).toBe(packed.integrity)
  })

  it('extracts with GNU tar into a folder named after the prefix', async () => {
    const packed = await packSkillTree(await walkSkillTree(await makeSkill('a', files)), {
      prefix: 'demo',
    })
    const out = join(base, 'gnu')
    await mkdir(out)
    await writeFile(join(base, 'demo.tgz'), packed.tarball)
    execFileSync('tar', ['-xzf', join(base, 'demo.tgz'), '-C', out])
    expect(await readdir(out)).toEqual(['demo'])
    expect((await stat(join(out, 'demo/scripts/run.sh'))).mode & 0o777).toBe(0o755)
  })

  it.each(['', 'a/b', '../x', './x', 'CON'])('rejects the prefix %j', async (prefix) => {
    const tree = await walkSkillTree(await makeSkill('a', files))
    await expect(packSkillTree(tree, { prefix })).rejects.toMatchObject({
      code: expect.stringMatching(/^SKILL_PATH_(UNSAFE|NOT_PORTABLE)$/),
    })
  })

  it('throws PathNotFound when a walked file has disappeared', async () => {
    const root = await makeSkill('a', files)
    const tree = await walkSkillTree(root)
    await rm(join(root, 'scripts/run.sh'))
    await expect(packSkillTree(tree, { prefix: 'demo' })).rejects.toMatchObject({
      code: SkillErrorCode.PathNotFound,
    })
  })
})
