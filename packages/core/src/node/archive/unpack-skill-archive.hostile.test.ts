import { gzipSync } from 'node:zlib'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RawTarEntry, rawTar, rawTgz } from '../../../test/archive-fixtures/build-tar.js'
import {
  type RawZipEntry,
  rawZip,
  replaceNameBytes,
} from '../../../test/archive-fixtures/build-zip.js'
import {
  createUnpackSandbox,
  type UnpackSandbox,
} from '../../../test/archive-fixtures/unpack-sandbox.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import type { UnpackLimits } from './archive-limits.js'
import { unpackSkillArchive } from './unpack-skill-archive.js'

const skillMd: RawTarEntry = { name: 'skill/SKILL.md', content: '---\nname: skill\n---\n' }
const zipSkillMd: Record<string, RawZipEntry> = { 'skill/SKILL.md': { content: '# skill\n' } }
const nfc = 'caf\u00e9.md'
const nfd = 'cafe\u0301.md'

let sandbox: UnpackSandbox

beforeEach(async () => {
  sandbox = await createUnpackSandbox()
})

afterEach(async () => {
  await sandbox.dispose()
})

/** Unpacking fails with `code` and leaves nothing at all behind: no destination, temp or stray file. */
async function expectRejected(
  source: Uint8Array,
  code: string,
  limits: Partial<UnpackLimits> = {},
): Promise<void> {
  await expect(unpackSkillArchive(source, sandbox.destination, { limits })).rejects.toMatchObject({
    code,
  })
  expect(await sandbox.leftovers()).toEqual([])
}

describe('unpackSkillArchive rejects hostile .tgz', () => {
  it.each<[string, RawTarEntry[], string, Partial<UnpackLimits>?]>([
    ['zip-slip ../evil', [skillMd, { name: '../evil' }], SkillErrorCode.PathUnsafe],
    ['zip-slip a/../../evil', [skillMd, { name: 'skill/../../evil' }], SkillErrorCode.PathUnsafe],
    ['an absolute path', [skillMd, { name: '/tmp/evil' }], SkillErrorCode.PathUnsafe],
    [
      'a slip hidden in the ustar prefix',
      [skillMd, { prefix: '..', name: 'evil' }],
      SkillErrorCode.PathUnsafe,
    ],
    [
      'a symlink inside',
      [skillMd, { name: 'skill/a', type: '2', linkname: 'SKILL.md' }],
      SkillErrorCode.ArchiveLink,
    ],
    [
      'a symlink escaping',
      [skillMd, { name: 'skill/a', type: '2', linkname: '/etc/passwd' }],
      SkillErrorCode.ArchiveLink,
    ],
    [
      'a hard link',
      [skillMd, { name: 'skill/a', type: '1', linkname: 'skill/SKILL.md' }],
      SkillErrorCode.ArchiveLink,
    ],
    [
      'a pax path cut short by a NUL',
      [
        skillMd,
        { name: 'p', type: 'x', content: '30 path=skill/run.md\0/../../x\n' },
        { name: 'skill/a' },
      ],
      SkillErrorCode.PathUnsafe,
    ],
    [
      'a Latin-1 name',
      [
        skillMd,
        { name: Uint8Array.from([...'skill/caf'].map((c) => c.charCodeAt(0)).concat(0xe9)) },
      ],
      SkillErrorCode.PathUnsafe,
    ],
    ['a character device', [skillMd, { name: 'skill/tty', type: '3' }], SkillErrorCode.SpecialFile],
    ['a block device', [skillMd, { name: 'skill/sda', type: '4' }], SkillErrorCode.SpecialFile],
    ['a FIFO', [skillMd, { name: 'skill/pipe', type: '6' }], SkillErrorCode.SpecialFile],
    [
      'a sparse file',
      [skillMd, { name: 'skill/sparse', type: 'S' }],
      SkillErrorCode.ArchiveUnsupported,
    ],
    ['a setuid file', [skillMd, { name: 'skill/run', mode: 0o4755 }], SkillErrorCode.SetuidBit],
    ['a setgid file', [skillMd, { name: 'skill/run', mode: 0o2755 }], SkillErrorCode.SetuidBit],
    ['a case collision', [skillMd, { name: 'skill/skill.md' }], SkillErrorCode.PathCollision],
    [
      'an NFC/NFD collision',
      [skillMd, { name: `skill/${nfc}` }, { name: `skill/${nfd}` }],
      SkillErrorCode.PathCollision,
    ],
    ['a duplicate entry', [skillMd, skillMd], SkillErrorCode.PathCollision],
    [
      'a file where a folder goes',
      [skillMd, { name: 'skill/a' }, { name: 'skill/a/b' }],
      SkillErrorCode.PathCollision,
    ],
    [
      'a reserved Windows name',
      [skillMd, { name: 'skill/CON.txt' }],
      SkillErrorCode.PathNotPortable,
    ],
    [
      'too many files',
      [skillMd, { name: 'skill/a' }, { name: 'skill/b' }],
      SkillErrorCode.TreeTooManyFiles,
      { maxFiles: 2 },
    ],
    [
      'a file too large',
      [skillMd, { name: 'skill/big', content: 'x'.repeat(30) }],
      SkillErrorCode.FileTooLarge,
      { maxFileBytes: 25 },
    ],
    [
      'too many bytes',
      [skillMd, { name: 'skill/a', content: 'x'.repeat(15) }],
      SkillErrorCode.TreeTooLarge,
      { maxTotalBytes: 30 },
    ],
    [
      'folders too deep',
      [skillMd, { name: 'skill/a/b/c.md' }],
      SkillErrorCode.TreeTooDeep,
      { maxDepth: 1 },
    ],
    [
      'root layout too deep',
      [{ name: 'SKILL.md' }, { name: 'a/b/c.md' }],
      SkillErrorCode.TreeTooDeep,
      { maxDepth: 1 },
    ],
    [
      'a bad header checksum',
      [skillMd, { name: 'skill/a', badChecksum: true }],
      SkillErrorCode.ArchiveInvalid,
    ],
    [
      'a body shorter than its header says',
      [skillMd, { name: 'skill/a', content: 'x', size: 4096 }],
      SkillErrorCode.ArchiveInvalid,
    ],
    ['no SKILL.md', [{ name: 'skill/README.md' }], SkillErrorCode.ArchiveNoSkillMd],
    ['two skills', [skillMd, { name: 'other/SKILL.md' }], SkillErrorCode.ArchiveNoSkillMd],
    [
      'a wrapper with a file beside it',
      [skillMd, { name: 'README.md' }],
      SkillErrorCode.ArchiveNoSkillMd,
    ],
    ['SKILL.md two folders down', [{ name: 'a/b/SKILL.md' }], SkillErrorCode.ArchiveNoSkillMd],
  ])('%s', async (_label, entries, code, limits) => {
    const tar = rawTar(entries)
    // A truncated body must not be padded out by the end blocks.
    const bytes = code === SkillErrorCode.ArchiveInvalid ? tar.subarray(0, tar.length - 1024) : tar
    await expectRejected(gzipSync(bytes), code, limits)
  })

  it('a bad header checksum in an archive otherwise whole', async () => {
    await expectRejected(
      rawTgz([skillMd, { name: 'skill/a', content: 'x', badChecksum: true }]),
      SkillErrorCode.ArchiveInvalid,
    )
  })

  it('a ratio bomb: 50 MB of zeros', async () => {
    await expectRejected(rawTgz([skillMd], new Uint8Array(50_000_000)), SkillErrorCode.ArchiveBomb)
  })

  it('an absolute-size bomb under small limits', async () => {
    const bytes = rawTgz([skillMd], new Uint8Array(8 * 1024 * 1024))
    await expectRejected(bytes, SkillErrorCode.ArchiveTooLarge, {
      maxFiles: 4,
      maxTotalBytes: 1024,
      maxRatio: 1_000_000,
    })
  })

  it('an archive over maxArchiveBytes', async () => {
    await expectRejected(rawTgz([skillMd]), SkillErrorCode.ArchiveTooLarge, { maxArchiveBytes: 10 })
  })

  it('a gzip inside the gzip', async () => {
    await expectRejected(gzipSync(rawTgz([skillMd])), SkillErrorCode.ArchiveUnsupported)
  })

  it.each<[string, (tgz: Uint8Array) => Uint8Array]>([
    ['truncated gzip', (tgz) => tgz.subarray(0, tgz.length - 20)],
    [
      'a wrong gzip CRC',
      (tgz) => {
        const copy = tgz.slice()
        copy[copy.length - 8] = (copy[copy.length - 8] ?? 0) ^ 0xff
        return copy
      },
    ],
    ['gzip of text, not tar', () => gzipSync(new TextEncoder().encode('hello, not a tar archive'))],
    ['gzip of nothing', () => gzipSync(new Uint8Array())],
  ])('%s is ArchiveInvalid', async (_label, corrupt) => {
    await expectRejected(
      corrupt(rawTgz([skillMd, { name: 'skill/a', content: 'x'.repeat(2000) }])),
      SkillErrorCode.ArchiveInvalid,
    )
  })
})

describe('unpackSkillArchive rejects hostile .zip', () => {
  it.each<[string, Record<string, RawZipEntry>, string, Partial<UnpackLimits>?]>([
    ['zip-slip ../evil', { ...zipSkillMd, '../evil': {} }, SkillErrorCode.PathUnsafe],
    ['zip-slip a/../../evil', { ...zipSkillMd, 'skill/../../evil': {} }, SkillErrorCode.PathUnsafe],
    ['an absolute path', { ...zipSkillMd, '/tmp/evil': {} }, SkillErrorCode.PathUnsafe],
    ['a backslash path', { ...zipSkillMd, 'skill\\..\\..\\evil': {} }, SkillErrorCode.PathUnsafe],
    ['a drive letter', { ...zipSkillMd, 'C:/evil': {} }, SkillErrorCode.PathUnsafe],
    [
      'a symlink',
      { ...zipSkillMd, 'skill/link': { content: '/etc/passwd', unixMode: 0o120777 } },
      SkillErrorCode.ArchiveLink,
    ],
    [
      'a character device',
      { ...zipSkillMd, 'skill/tty': { unixMode: 0o020644 } },
      SkillErrorCode.SpecialFile,
    ],
    ['a FIFO', { ...zipSkillMd, 'skill/pipe': { unixMode: 0o010644 } }, SkillErrorCode.SpecialFile],
    [
      'a setuid file',
      { ...zipSkillMd, 'skill/run': { unixMode: 0o104755 } },
      SkillErrorCode.SetuidBit,
    ],
    ['a case collision', { ...zipSkillMd, 'skill/skill.md': {} }, SkillErrorCode.PathCollision],
    [
      'an NFC/NFD collision',
      { ...zipSkillMd, [`skill/${nfc}`]: {}, [`skill/${nfd}`]: {} },
      SkillErrorCode.PathCollision,
    ],
    [
      'too many files',
      { ...zipSkillMd, 'skill/a': {}, 'skill/b': {} },
      SkillErrorCode.TreeTooManyFiles,
      { maxFiles: 2 },
    ],
    [
      'a file too large',
      { ...zipSkillMd, 'skill/big': { content: 'x'.repeat(11) } },
      SkillErrorCode.FileTooLarge,
      { maxFileBytes: 10 },
    ],
    [
      'too many bytes',
      { ...zipSkillMd, 'skill/a': { content: 'x'.repeat(30) } },
      SkillErrorCode.ArchiveTooLarge,
      { maxTotalBytes: 30 },
    ],
    ['no SKILL.md', { 'skill/README.md': {} }, SkillErrorCode.ArchiveNoSkillMd],
    ['an empty zip', {}, SkillErrorCode.ArchiveNoSkillMd],
  ])('%s', async (_label, entries, code, limits) => {
    await expectRejected(rawZip(entries), code, limits)
  })

  it('a ratio bomb: 20 MB of zeros', async () => {
    const bytes = rawZip({
      ...zipSkillMd,
      'skill/zeros.bin': { content: new Uint8Array(20_000_000) },
    })
    await expectRejected(bytes, SkillErrorCode.ArchiveBomb)
  })

  it.each([
    // fflate flags a non-ASCII name as UTF-8; its bytes C3 A9 become Latin-1 E9 and an A.
    ['flagged UTF-8 but Latin-1', 'skill/\u00e9.md', Uint8Array.of(0xe9, 0x41)],
    ['unflagged, neither UTF-8 nor GB18030', 'skill/XX.md', Uint8Array.of(0x41, 0xe9)],
  ])('a name %s is PathUnsafe, not U+FFFD', async (_label, name, bytes) => {
    const from = name.includes('XX') ? 'XX' : '\u00e9'
    const zip = replaceNameBytes(rawZip({ ...zipSkillMd, [name]: {} }), from, bytes)
    await expectRejected(zip, SkillErrorCode.PathUnsafe)
  })

  it('a truncated zip is ArchiveInvalid', async () => {
    const zip = rawZip({ ...zipSkillMd, 'skill/a.md': { content: 'x'.repeat(5000) } })
    await expectRejected(zip.subarray(0, Math.floor(zip.length / 2)), SkillErrorCode.ArchiveInvalid)
  })
})

describe('unpackSkillArchive rejects other input', () => {
  it.each([
    ['plain text', new TextEncoder().encode('just some text, not an archive')],
    ['empty bytes', new Uint8Array()],
    ['a bzip2 stream', new TextEncoder().encode('BZh91AY&SY')],
  ])('%s is ArchiveUnsupported', async (_label, bytes) => {
    await expectRejected(bytes, SkillErrorCode.ArchiveUnsupported)
  })

  it('a missing archive file is PathNotFound', async () => {
    await expect(
      unpackSkillArchive(`${sandbox.base}/missing.tgz`, sandbox.destination),
    ).rejects.toMatchObject({ code: SkillErrorCode.PathNotFound })
    expect(await sandbox.leftovers()).toEqual([])
  })
})
