import { lstatSync, readFileSync, statSync } from 'node:fs'
import {
  chmod,
  mkdir,
  mkdtemp,
  readdir,
  rename,
  rm,
  truncate,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SkillErrorCode } from '@skillship/core/errors'
import { computeIntegrity, sha256Hex } from '@skillship/core/integrity'
import { loadSkill, packSkill } from '@skillship/core/node'
import { zipSync } from 'fflate'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { createContentStore } from './content-store.js'
import { stagingPrefix } from './stage-store-entry.js'
import { entryPaths, sealedFolderMode, sealedMtimeMs, sealedMtimeSeconds } from './store-seal.js'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-store-'))
})
afterEach(async () => {
  // Store folders are 0555: give write bits back so the temp tree can go.
  await chmodTree(work)
  await rm(work, { recursive: true, force: true })
})

async function chmodTree(dir: string): Promise<void> {
  await chmod(dir, 0o755)
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) await chmodTree(join(dir, entry.name))
  }
}

const skillMdText = '---\nname: demo\ndescription: Demo skill\n---\n# Demo\n'

/** Packs a skill folder holding SKILL.md (raw bytes) and four more files, like a registry would. */
async function packDemo(skillMd: Uint8Array | string = skillMdText) {
  const dir = join(await mkdtemp(join(work, 'src-')), 'demo')
  await mkdir(join(dir, 'scripts'), { recursive: true })
  await mkdir(join(dir, 'references'), { recursive: true })
  await writeFile(join(dir, 'SKILL.md'), skillMd)
  await writeFile(join(dir, 'scripts', 'run.sh'), '#!/bin/sh\necho hi\n', { mode: 0o755 })
  await writeFile(join(dir, 'scripts', 'util.py'), 'print("x")\n')
  await writeFile(join(dir, 'references', 'guide.md'), '# Guide\r\nwith CRLF\r\n')
  await writeFile(join(dir, 'LICENSE.txt'), 'MIT\n')
  return packSkill(await loadSkill(dir))
}

function storeRoot(): string {
  return join(work, 'store')
}

describe('createContentStore', () => {
  it('adds a tarball and gets the same verified entry back', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    expect(await store.get(packed.integrity)).toBeUndefined()

    const added = await store.add(packed.tarball, packed.integrity)
    expect(added.files.map((f) => [f.path, f.mode])).toEqual([
      ['LICENSE.txt', 0o644],
      ['SKILL.md', 0o644],
      ['references/guide.md', 0o644],
      ['scripts/run.sh', 0o755],
      ['scripts/util.py', 0o644],
    ])
    expect(added.files).toEqual(
      packed.files.map(({ path, size, mode, sha256 }) => ({ path, size, mode, sha256 })),
    )
    expect(readFileSync(join(added.dir, 'SKILL.md'), 'utf8')).toBe(skillMdText)
    expect(await store.get(packed.integrity)).toEqual(added)
    expect(await store.get(packed.integrity, added.files)).toEqual(added)
    // Adding again is a no-op returning the same entry.
    expect(await store.add(packed.tarball, packed.integrity)).toEqual(added)
  })

  it('lays entries out by the hex of the digest and makes files and folders read-only', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    const hex = Buffer.from(packed.integrity.slice('sha512-'.length), 'base64').toString('hex')
    expect(added.dir).toBe(join(storeRoot(), 'v1', hex.slice(0, 2), hex.slice(2), 'skill'))
    const index = JSON.parse(readFileSync(join(added.dir, '..', 'index.json'), 'utf8'))
    expect(index).toEqual({
      integrity: packed.integrity,
      files: added.files,
      sealed: sealedMtimeSeconds,
    })
    expect(statSync(join(added.dir, 'SKILL.md')).mode & 0o777).toBe(0o444)
    expect(statSync(join(added.dir, 'scripts', 'run.sh')).mode & 0o777).toBe(0o555)
    expect(statSync(join(added.dir, 'scripts')).mode & 0o777).toBe(0o555)
    expect(statSync(added.dir).mode & 0o777).toBe(0o555)
    expect(await readdir(join(storeRoot(), 'tmp'))).toEqual([])
  })

  const utf16le = (text: string) => Buffer.from(`\ufeff${text}`, 'utf16le')
  const utf16be = (text: string) => utf16le(text).swap16()
  // "中文" and "技能" in GBK.
  const gbk = Buffer.concat([
    Buffer.from('---\nname: demo\ndescription: '),
    Buffer.from([0xd6, 0xd0, 0xce, 0xc4]),
    Buffer.from('\n---\n# '),
    Buffer.from([0xbc, 0xbc, 0xc4, 0xdc]),
    Buffer.from('\n'),
  ])
  it.each([
    [
      'UTF-8 with BOM',
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(skillMdText)]),
      skillMdText,
    ],
    ['UTF-16 LE', utf16le(skillMdText), skillMdText],
    ['UTF-16 BE', utf16be(skillMdText), skillMdText],
    ['GBK', gbk, '---\nname: demo\ndescription: 中文\n---\n# 技能\n'],
  ])('stores a %s SKILL.md as UTF-8 without BOM', async (_label, bytes, text) => {
    const packed = await packDemo(bytes)
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    const stored = readFileSync(join(added.dir, 'SKILL.md'))
    expect(stored.equals(Buffer.from(text, 'utf8'))).toBe(true)
    const skillMd = added.files.find((f) => f.path === 'SKILL.md')
    expect(skillMd).toEqual({
      path: 'SKILL.md',
      size: stored.length,
      mode: 0o644,
      sha256: sha256Hex(stored),
    })
    // Other files stay byte-exact (CRLF kept).
    expect(readFileSync(join(added.dir, 'references', 'guide.md'), 'utf8')).toBe(
      '# Guide\r\nwith CRLF\r\n',
    )
    expect(await store.get(packed.integrity, added.files)).toEqual(added)
  })

  it('refuses bytes that do not match the integrity and writes nothing', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const other = computeIntegrity(new Uint8Array([1, 2, 3]))
    await expect(store.add(packed.tarball, other)).rejects.toMatchObject({
      code: InstallErrorCode.IntegrityMismatch,
    })
    expect(lstatSync(storeRoot(), { throwIfNoEntry: false })).toBeUndefined()
  })

  it.each([
    ['sha1-abc'],
    [`sha512-${'A'.repeat(86)}==x`],
    [`sha512-${'A'.repeat(85)}/==`], // non-canonical base64 spelling of a digest
    [`sha512-../../${'A'.repeat(80)}==`],
    [`sha512-${'A'.repeat(86)}== sha512-${'A'.repeat(86)}==`],
  ])('refuses the malformed key %s', async (integrity) => {
    const store = createContentStore({ root: storeRoot() })
    await expect(store.get(integrity)).rejects.toMatchObject({
      code: InstallErrorCode.IntegrityMismatch,
    })
    await expect(store.add(new Uint8Array(), integrity)).rejects.toMatchObject({
      code: InstallErrorCode.IntegrityMismatch,
    })
  })

  it('propagates core refusals (not an archive) and leaves no staging folder', async () => {
    const bytes = new TextEncoder().encode('not a tarball')
    const store = createContentStore({ root: storeRoot() })
    await expect(store.add(bytes, computeIntegrity(bytes))).rejects.toMatchObject({
      code: SkillErrorCode.ArchiveUnsupported,
    })
    expect(await readdir(join(storeRoot(), 'tmp'))).toEqual([])
  })

  type Corruption = (skillDir: string) => Promise<void>
  const writable = async (path: string) => chmod(path, 0o644)
  it.each<[string, Corruption]>([
    [
      'an edited file',
      async (dir) => {
        await writable(join(dir, 'SKILL.md'))
        await writeFile(join(dir, 'SKILL.md'), skillMdText.replace('Demo', 'Evil'))
      },
    ],
    [
      'a truncated file',
      async (dir) => {
        await writable(join(dir, 'LICENSE.txt'))
        await truncate(join(dir, 'LICENSE.txt'), 1)
      },
    ],
    [
      'a deleted file',
      async (dir) => {
        await chmod(join(dir, 'scripts'), 0o755)
        await unlink(join(dir, 'scripts', 'util.py'))
      },
    ],
    [
      'an added file',
      async (dir) => {
        await chmod(dir, 0o755)
        await writeFile(join(dir, 'extra.md'), 'x')
      },
    ],
    [
      'a file made writable and modified in place (same size)',
      async (dir) => {
        await writable(join(dir, 'scripts', 'util.py'))
        await writeFile(join(dir, 'scripts', 'util.py'), 'print("y")\n')
        await chmod(join(dir, 'scripts', 'util.py'), 0o444)
      },
    ],
    ['a mode change', async (dir) => chmod(join(dir, 'scripts', 'run.sh'), 0o444)],
    [
      'a file added to a folder whose mode was put back',
      async (dir) => {
        await chmod(join(dir, 'references'), 0o755)
        await writeFile(join(dir, 'references', 'extra.md'), 'x')
        await chmod(join(dir, 'references'), 0o555)
      },
    ],
    [
      'a file replaced by another one of the same size and mode',
      async (dir) => {
        await chmod(join(dir, 'scripts'), 0o755)
        await writeFile(join(dir, 'scripts', 'other.py'), 'print("y")\n', { mode: 0o444 })
        await rename(join(dir, 'scripts', 'other.py'), join(dir, 'scripts', 'util.py'))
        await chmod(join(dir, 'scripts'), 0o555)
      },
    ],
    ['a garbled index.json', async (dir) => writeFile(join(dir, '..', 'index.json'), '{')],
    ['a missing index.json', async (dir) => unlink(join(dir, '..', 'index.json'))],
  ])('detects %s: get() returns undefined and removes the entry', async (_label, corrupt) => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    await corrupt(added.dir)
    expect(await store.get(packed.integrity)).toBeUndefined()
    expect(lstatSync(join(added.dir, '..'), { throwIfNoEntry: false })).toBeUndefined()
    expect(await readdir(join(storeRoot(), 'tmp'))).toEqual([])
    // A refetch puts it back (new files: new inodes).
    const { fileIds: _old, ...same } = added
    expect(await store.add(packed.tarball, packed.integrity)).toMatchObject(same)
  })

  it('seals an entry: read-only files and folders, all with the sealed mtime, and says so in its index', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    expect(added.sealed).toBe(true)
    for (const path of ['', 'scripts', 'references']) {
      const stats = statSync(join(added.dir, path))
      expect([stats.mode & 0o777, stats.mtimeMs]).toEqual([sealedFolderMode, sealedMtimeMs])
    }
    for (const file of added.files) {
      const stats = statSync(join(added.dir, file.path))
      expect(stats.mtimeMs).toBe(sealedMtimeMs)
      expect(added.fileIds.get(file.path)).toEqual({ dev: stats.dev, ino: stats.ino })
    }
    const index = JSON.parse(
      readFileSync(entryPaths(storeRoot(), packed.integrity).indexPath, 'utf8'),
    )
    expect(index.sealed).toBe(sealedMtimeSeconds)
    expect(await store.get(packed.integrity)).toEqual(added)
  })

  it('seals every file of a zip with a wrapper folder, a nested SKILL.md included', async () => {
    const zip = zipSync({
      'demo/SKILL.md': new TextEncoder().encode(skillMdText),
      'demo/examples/SKILL.md': new TextEncoder().encode('# an example, not the skill\n'),
      'demo/scripts/run.sh': [
        new TextEncoder().encode('#!/bin/sh\n'),
        { os: 3, attrs: 0o100755 << 16 },
      ],
    })
    const integrity = computeIntegrity(zip)
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(zip, integrity)
    expect(added.files.map((file) => [file.path, file.mode])).toEqual([
      ['SKILL.md', 0o644],
      ['examples/SKILL.md', 0o644],
      ['scripts/run.sh', 0o755],
    ])
    for (const file of added.files) {
      const stats = statSync(join(added.dir, file.path))
      expect([stats.mode & 0o777, stats.mtimeMs]).toEqual([
        file.mode === 0o755 ? 0o555 : 0o444,
        sealedMtimeMs,
      ])
      expect(added.fileIds.get(file.path)).toEqual({ dev: stats.dev, ino: stats.ino })
    }
    expect(await createContentStore({ root: storeRoot() }).get(integrity)).toEqual(added)
  })

  it('verifies an entry made before seals byte for byte, then seals it', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    const paths = entryPaths(storeRoot(), packed.integrity)
    const unsealed = async () => {
      await writeFile(
        paths.indexPath,
        JSON.stringify({ integrity: packed.integrity, files: added.files }),
      )
      for (const file of added.files)
        await utimes(join(added.dir, file.path), new Date(), new Date())
    }
    await unsealed()
    expect(await store.get(packed.integrity)).toEqual(added)
    expect(JSON.parse(readFileSync(paths.indexPath, 'utf8')).sealed).toBe(sealedMtimeSeconds)
    expect(statSync(join(added.dir, 'SKILL.md')).mtimeMs).toBe(sealedMtimeMs)
    // Without a seal, a changed byte is found by hashing, whatever the mtime says.
    await unsealed()
    await chmod(join(added.dir, 'LICENSE.txt'), 0o644)
    await writeFile(join(added.dir, 'LICENSE.txt'), 'BSD\n')
    await chmod(join(added.dir, 'LICENSE.txt'), 0o444)
    await utimes(join(added.dir, 'LICENSE.txt'), sealedMtimeSeconds, sealedMtimeSeconds)
    expect(await store.get(packed.integrity)).toBeUndefined()
  })

  it('treats files that differ from the expected list as a miss and removes the entry', async () => {
    const packed = await packDemo()
    const store = createContentStore({ root: storeRoot() })
    const added = await store.add(packed.tarball, packed.integrity)
    const [first, ...rest] = added.files
    if (first === undefined) throw new Error('no files')
    const expected = [{ ...first, sha256: '0'.repeat(64) }, ...rest]
    expect(await store.get(packed.integrity, expected)).toBeUndefined()
    expect(await store.get(packed.integrity)).toBeUndefined()
    // An empty list (a migrated v1 lockfile) claims nothing. The entry was made again: its files
    // are new inodes, whatever numbers the filesystem hands out.
    const again = await store.add(packed.tarball, packed.integrity)
    const { fileIds: _old, ...same } = added
    expect(again).toMatchObject(same)
    expect(await store.get(packed.integrity, [])).toEqual(again)
  })

  it('adds the same tarball concurrently, in one store and across store instances', async () => {
    const packed = await packDemo()
    const one = createContentStore({ root: storeRoot() })
    const two = createContentStore({ root: storeRoot() })
    const results = await Promise.all([
      one.add(packed.tarball, packed.integrity),
      one.add(packed.tarball, packed.integrity),
      two.add(packed.tarball, packed.integrity),
      two.add(packed.tarball, packed.integrity),
    ])
    for (const result of results) expect(result).toEqual(results[0])
    expect(await one.get(packed.integrity)).toEqual(results[0])
    expect(await readdir(join(storeRoot(), 'tmp'))).toEqual([])
    const hex = entryPaths(storeRoot(), packed.integrity).entryDir
    expect(await readdir(hex)).toEqual(['index.json', 'skill'])
  })

  it('ignores and cleans what a crash left: a dead staging folder and an entry without index', async () => {
    const packed = await packDemo()
    const paths = entryPaths(storeRoot(), packed.integrity)
    const tmp = join(storeRoot(), 'tmp')
    const host = stagingPrefix().split('.')[1]
    const dead = join(tmp, `999999999.${host}.abc123`)
    const live = join(tmp, `${process.pid}.${host}.def456`)
    await mkdir(join(dead, 'skill', 'scripts'), { recursive: true })
    await chmod(join(dead, 'skill', 'scripts'), 0o555)
    await mkdir(live, { recursive: true })
    await mkdir(join(paths.skillDir), { recursive: true })
    await writeFile(join(paths.skillDir, 'SKILL.md'), skillMdText)

    const store = createContentStore({ root: storeRoot() })
    expect(await store.get(packed.integrity)).toBeUndefined()
    expect(lstatSync(paths.entryDir, { throwIfNoEntry: false })).toBeUndefined()
    const added = await store.add(packed.tarball, packed.integrity)
    expect(await store.get(packed.integrity)).toEqual(added)
    // The dead process's folder is swept; a live process's folder may still be staging.
    expect(await readdir(tmp)).toEqual([`${process.pid}.${host}.def456`])
  })

  it('replaces an incomplete entry found in the way of the rename', async () => {
    const packed = await packDemo()
    const paths = entryPaths(storeRoot(), packed.integrity)
    const store = createContentStore({ root: storeRoot() })
    await mkdir(paths.skillDir, { recursive: true })
    await writeFile(join(paths.skillDir, 'partial'), 'x')
    // get() inside add() already removes it; the entry then is complete.
    const added = await store.add(packed.tarball, packed.integrity)
    expect(await readdir(added.dir)).toContain('SKILL.md')
  })
})
