import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { fchmodSync } from 'node:fs'
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawTgz } from '../../../test/archive-fixtures/build-tar.js'
import { rawZip, replaceNameBytes } from '../../../test/archive-fixtures/build-zip.js'
import {
  createUnpackSandbox,
  type UnpackSandbox,
} from '../../../test/archive-fixtures/unpack-sandbox.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { type UnpackedSkill, unpackSkillArchive } from './unpack-skill-archive.js'

let sandbox: UnpackSandbox

beforeEach(async () => {
  sandbox = await createUnpackSandbox()
})

afterEach(async () => {
  await sandbox.dispose()
})

function summary(skill: UnpackedSkill): [string, number][] {
  return skill.files.map((file) => [file.path, file.mode])
}

async function diskMode(relative: string): Promise<number> {
  return (await stat(join(sandbox.destination, relative))).mode & 0o7777
}

describe('unpackSkillArchive layouts', () => {
  it('strips a single wrapper folder from a .tgz', async () => {
    const skill = await unpackSkillArchive(
      rawTgz([
        { name: 'demo/', type: '5', mode: 0o755 },
        { name: 'demo/SKILL.md', content: '# demo\n' },
        { name: 'demo/scripts/run.sh', content: '#!/bin/sh\n', mode: 0o700 },
        { name: 'demo/scripts/lib.py', content: 'x', mode: 0o664 },
      ]),
      sandbox.destination,
    )
    expect(skill).toMatchObject({ root: sandbox.destination, format: 'tgz', wrapper: 'demo' })
    expect(summary(skill)).toEqual([
      ['SKILL.md', 0o644],
      ['scripts/lib.py', 0o644],
      ['scripts/run.sh', 0o755],
    ])
    expect(await readFile(join(sandbox.destination, 'SKILL.md'), 'utf8')).toBe('# demo\n')
    expect(await diskMode('scripts/run.sh')).toBe(0o755)
    expect(await diskMode('scripts/lib.py')).toBe(0o644)
    expect((await stat(sandbox.destination)).mode & 0o777).toBe(0o755)
    expect(await sandbox.leftovers()).toEqual([
      'out',
      'out/skill',
      'out/skill/SKILL.md',
      'out/skill/scripts',
      'out/skill/scripts/lib.py',
      'out/skill/scripts/run.sh',
    ])
  })

  it('strips a .tgz wrapper beside ignored names, and refuses files outside it as before', async () => {
    const skill = await unpackSkillArchive(
      rawTgz([
        { name: '.DS_Store', content: 'x' },
        { name: '__MACOSX/demo/._SKILL.md', content: 'x' },
        { name: 'demo/SKILL.md', content: '# demo\n' },
        { name: 'demo/a/b.md', content: 'b' },
      ]),
      sandbox.destination,
    )
    expect(skill.wrapper).toBe('demo')
    expect(summary(skill)).toEqual([
      ['SKILL.md', 0o644],
      ['a/b.md', 0o644],
    ])
    const other = join(sandbox.destination, '..', 'other')
    await expect(
      unpackSkillArchive(
        rawTgz([
          { name: 'demo/SKILL.md', content: '# demo\n' },
          { name: 'extra.md', content: 'x' },
        ]),
        other,
      ),
    ).rejects.toMatchObject({ code: SkillErrorCode.ArchiveNoSkillMd })
  })

  it('keeps a root layout .tgz as is', async () => {
    const skill = await unpackSkillArchive(
      rawTgz([{ name: './SKILL.md', content: '# x' }, { name: './refs/a.md' }]),
      sandbox.destination,
    )
    expect(skill.wrapper).toBeUndefined()
    expect(summary(skill)).toEqual([
      ['SKILL.md', 0o644],
      ['refs/a.md', 0o644],
    ])
  })

  it.each<[string, () => Uint8Array]>([
    [
      'tgz',
      () =>
        rawTgz([
          { name: 'demo/SKILL.md', content: '# demo\n' },
          { name: 'demo/scripts/run.sh', content: '#!/bin/sh\necho hi\n', mode: 0o755 },
          { name: 'demo/empty.txt', content: '' },
        ]),
    ],
    [
      'zip',
      () => rawZip({ 'SKILL.md': { content: '# z' }, 'refs/a.md': { content: 'a'.repeat(900) } }),
    ],
  ])('reports the sha256 of every %s file as it sits on disk', async (_format, archive) => {
    const skill = await unpackSkillArchive(archive(), sandbox.destination)
    expect(skill.files.length).toBeGreaterThan(1)
    for (const file of skill.files) {
      const onDisk = createHash('sha256')
        .update(await readFile(file.absolutePath))
        .digest('hex')
      expect(file.sha256).toBe(onDisk)
    }
  })

  it('unpacks a Qoder-style zip with SKILL.md at the root', async () => {
    const skill = await unpackSkillArchive(
      rawZip({ 'SKILL.md': { content: '# q' }, 'scripts/': {}, 'scripts/a.py': { content: 'x' } }),
      sandbox.destination,
    )
    expect(skill).toMatchObject({ format: 'zip', wrapper: undefined })
    expect(summary(skill)).toEqual([
      ['SKILL.md', 0o644],
      ['scripts/a.py', 0o644],
    ])
  })

  it('strips the wrapper of a zip and skips __MACOSX and .DS_Store', async () => {
    const skill = await unpackSkillArchive(
      rawZip({
        'demo/': {},
        'demo/SKILL.md': { content: '# d' },
        'demo/.DS_Store': { content: 'junk' },
        '__MACOSX/demo/._SKILL.md': { content: 'junk' },
        'demo/scripts/__pycache__/a.pyc': { content: 'junk' },
      }),
      sandbox.destination,
    )
    expect(skill.wrapper).toBe('demo')
    expect(summary(skill)).toEqual([['SKILL.md', 0o644]])
  })

  it.each([
    [
      'tgz',
      () =>
        rawTgz([
          { name: 'demo/SKILL.md', content: '# d' },
          { name: 'demo/run.sh', content: '#!/bin/sh', mode: 0o755 },
        ]),
    ],
    [
      'zip',
      () =>
        rawZip({
          'demo/SKILL.md': { content: '# d' },
          'demo/run.sh': { content: '#!/bin/sh', unixMode: 0o100755 },
        }),
    ],
  ])(
    'hands each written %s file to finishFile by archive path, instead of setting its mode',
    async (_format, archive) => {
      const finished: [string, number, number][] = []
      const skill = await unpackSkillArchive(archive(), sandbox.destination, {
        finishFile: (fd, file) => {
          finished.push([file.path, file.mode, file.size])
          fchmodSync(fd, 0o400)
        },
      })
      expect(skill.wrapper).toBe('demo')
      expect(finished.sort()).toEqual([
        ['demo/SKILL.md', 0o644, 3],
        ['demo/run.sh', 0o755, 9],
      ])
      expect([await diskMode('SKILL.md'), await diskMode('run.sh')]).toEqual([0o400, 0o400])
    },
  )

  it('maps zip Unix modes to 0644/0755 and ignores attributes of non-Unix zips', async () => {
    const skill = await unpackSkillArchive(
      rawZip({
        'SKILL.md': { content: '#', unixMode: 0o100600 },
        'run.sh': { content: '#!/bin/sh', unixMode: 0o100750 },
        'dos.exe': { content: 'MZ', os: 0 },
        'folder/': { unixMode: 0o040755 },
        'folder/tool': { content: 'x', unixMode: 0o100775 },
      }),
      sandbox.destination,
    )
    expect(summary(skill)).toEqual([
      ['SKILL.md', 0o644],
      ['dos.exe', 0o644],
      ['folder/tool', 0o755],
      ['run.sh', 0o755],
    ])
    expect(await diskMode('run.sh')).toBe(0o755)
    expect(await diskMode('SKILL.md')).toBe(0o644)
  })

  it('decodes a GBK-named zip entry from Chinese Windows', async () => {
    const gbk = Uint8Array.from([0xd6, 0xd0, 0xce, 0xc4]) // 中文
    const zip = replaceNameBytes(
      rawZip({ 'SKILL.md': { content: '#' }, 'refs/XXXX.md': { content: 'gbk' } }),
      'XXXX',
      gbk,
    )
    const skill = await unpackSkillArchive(zip, sandbox.destination)
    expect(skill.files.map((file) => file.path)).toEqual(['SKILL.md', 'refs/中文.md'])
    expect(await readFile(join(sandbox.destination, 'refs/中文.md'), 'utf8')).toBe('gbk')
  })

  it('reads archives made by GNU tar (long names) and Info-ZIP from a file path', async () => {
    const source = join(sandbox.base, 'src', 'demo')
    const longName = `${'n'.repeat(120)}.md`
    await mkdir(join(source, 'scripts'), { recursive: true })
    await writeFile(join(source, 'SKILL.md'), '# demo')
    await writeFile(join(source, longName), 'long')
    await writeFile(join(source, 'scripts/run.sh'), '#!/bin/sh', { mode: 0o755 })
    const cwd = join(sandbox.base, 'src')
    execFileSync('tar', ['-czf', '../demo.tgz', 'demo'], { cwd })
    execFileSync('zip', ['-qr', '../demo.zip', 'demo'], { cwd })
    for (const [index, file] of ['demo.tgz', 'demo.zip'].entries()) {
      const skill = await unpackSkillArchive(
        join(sandbox.base, file),
        join(sandbox.base, `out${index}`),
      )
      expect(skill.wrapper).toBe('demo')
      expect(summary(skill)).toEqual([
        ['SKILL.md', 0o644],
        [longName, 0o644],
        ['scripts/run.sh', 0o755],
      ])
    }
  })

  it('refuses a symlink stored by Info-ZIP (zip -y)', async () => {
    const source = join(sandbox.base, 'src', 'demo')
    await mkdir(source, { recursive: true })
    await writeFile(join(source, 'SKILL.md'), '# demo')
    await symlink('/etc/passwd', join(source, 'passwd'))
    execFileSync('zip', ['-qry', '../demo.zip', 'demo'], { cwd: join(sandbox.base, 'src') })
    await expect(
      unpackSkillArchive(join(sandbox.base, 'demo.zip'), sandbox.destination),
    ).rejects.toMatchObject({ code: SkillErrorCode.ArchiveLink })
    expect(await sandbox.leftovers()).not.toContain('out')
  })
})

describe('unpackSkillArchive destination', () => {
  const archive = () => rawTgz([{ name: 'demo/SKILL.md', content: '#' }])

  it('accepts an existing empty folder', async () => {
    await mkdir(sandbox.destination, { recursive: true })
    const skill = await unpackSkillArchive(archive(), sandbox.destination)
    expect(summary(skill)).toEqual([['SKILL.md', 0o644]])
    expect(await sandbox.leftovers()).toEqual(['out', 'out/skill', 'out/skill/SKILL.md'])
  })

  it.each<[string, () => Promise<void>, string[]]>([
    [
      'a non-empty folder',
      async () => {
        await mkdir(sandbox.destination, { recursive: true })
        await writeFile(join(sandbox.destination, 'keep.txt'), 'mine')
      },
      ['out', 'out/skill', 'out/skill/keep.txt'],
    ],
    [
      'a file',
      async () => {
        await mkdir(join(sandbox.base, 'out'))
        await writeFile(sandbox.destination, 'mine')
      },
      ['out', 'out/skill'],
    ],
    [
      'a symlink to an empty folder',
      async () => {
        await mkdir(join(sandbox.base, 'out/empty'), { recursive: true })
        await symlink('empty', sandbox.destination)
      },
      ['out', 'out/empty', 'out/skill'],
    ],
  ])('refuses %s and touches nothing', async (_label, arrange, expected) => {
    await arrange()
    await expect(unpackSkillArchive(archive(), sandbox.destination)).rejects.toMatchObject({
      code: SkillErrorCode.DestinationExists,
    })
    expect(await sandbox.leftovers()).toEqual(expected)
  })

  it('checks the destination before reading the source', async () => {
    await mkdir(sandbox.destination, { recursive: true })
    await writeFile(join(sandbox.destination, 'keep.txt'), 'mine')
    await expect(
      unpackSkillArchive(join(sandbox.base, 'missing.tgz'), sandbox.destination),
    ).rejects.toMatchObject({ code: SkillErrorCode.DestinationExists })
  })

  it('keeps a pre-existing parent folder on failure', async () => {
    await mkdir(join(sandbox.base, 'out'))
    await expect(
      unpackSkillArchive(rawTgz([{ name: 'demo/README.md' }]), sandbox.destination),
    ).rejects.toMatchObject({ code: SkillErrorCode.ArchiveNoSkillMd })
    expect(await sandbox.leftovers()).toEqual(['out'])
  })
})
