import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { concat, rawTar, rawTarEntry } from '../../../test/archive-fixtures/build-tar.js'
import { readWithNodeTar } from '../../../test/archive-fixtures/read-with-node-tar.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { readTarEntries, type TarEntry } from './read-tar-entries.js'
import { writeTar } from './write-tar.js'

const text = (entry: TarEntry | undefined) => new TextDecoder().decode(entry?.data)
const read = (tar: Uint8Array) => [...readTarEntries(tar)]

// A pax record: "<length> <key>=<value>\n", the length counting the whole record.
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = body.length + 1
  while (`${length}${body}`.length !== length) length += 1
  return `${length}${body}`
}

// A pax record with a raw-byte value (not UTF-8, or holding a NUL), as a hostile packer writes it.
function paxRecordBytes(key: string, value: Uint8Array): Uint8Array {
  const head = new TextEncoder().encode(` ${key}=`)
  let length = head.length + value.length + 2
  while (`${length}`.length + head.length + value.length + 1 !== length) length += 1
  return concat([new TextEncoder().encode(`${length}`), head, value, Uint8Array.of(0x0a)])
}

const latin1 = (text: string) => Uint8Array.from(text, (char) => char.charCodeAt(0))

function expectInvalid(tar: Uint8Array): void {
  expect(() => read(tar)).toThrowError(
    expect.objectContaining({ code: SkillErrorCode.ArchiveInvalid }),
  )
}

describe('readTarEntries', () => {
  it('reads files, folders, modes and ustar prefixes, names as written', () => {
    const entries = read(
      rawTar([
        { name: './demo/', type: '5', mode: 0o755 },
        { name: './demo/SKILL.md', content: '# demo\n' },
        { name: 'run.py', prefix: 'demo/scripts', content: 'print(1)\n', mode: 0o4755 },
        { name: 'demo/empty.txt', content: '' },
        { name: 'demo/old-style', type: '\0', content: 'v7' },
      ]),
    )
    expect(entries.map((e) => [e.kind, e.type, e.path, e.mode])).toEqual([
      ['directory', '5', './demo/', 0o755],
      ['file', '0', './demo/SKILL.md', 0o644],
      ['file', '0', 'demo/scripts/run.py', 0o4755],
      ['file', '0', 'demo/empty.txt', 0o644],
      ['file', '0', 'demo/old-style', 0o644],
    ])
    expect(entries.map(text)).toEqual(['', '# demo\n', 'print(1)\n', '', 'v7'])
  })

  it('takes names from pax and GNU records, for the next entry only', () => {
    const long = `demo/${'deep/'.repeat(30)}file.md`
    const entries = read(
      rawTar([
        { name: 'PaxHeader', type: 'x', content: paxRecord('path', long) },
        { name: 'truncated-by-ustar', content: 'pax' },
        { name: '././@LongLink', type: 'L', content: `${long}.gnu\0` },
        { name: 'truncated-too', content: 'gnu' },
        { name: 'global', type: 'g', content: paxRecord('path', 'ignored') },
        { name: 'demo/plain.md', content: 'plain' },
      ]),
    )
    expect(entries.map((e) => e.path)).toEqual([long, `${long}.gnu`, 'demo/plain.md'])
    expect(entries.map(text)).toEqual(['pax', 'gnu', 'plain'])
  })

  it('takes the size from a pax record: the header size may overflow its field', () => {
    const content = 'x'.repeat(700)
    const entries = read(
      rawTar([
        { name: 'PaxHeader', type: 'x', content: paxRecord('size', '700') },
        { name: 'demo/big', content, size: 0 },
        { name: 'demo/next', content: 'n' },
      ]),
    )
    expect(entries.map((e) => [e.path, e.data.length])).toEqual([
      ['demo/big', 700],
      ['demo/next', 1],
    ])
  })

  it('maps every typeflag to a kind', () => {
    const entries = read(
      rawTar([
        { name: 'contiguous', type: '7' },
        { name: 'dump', type: 'D' },
        { name: 'hard', type: '1', linkname: 'contiguous' },
        { name: 'symlink', type: '2', linkname: '/etc/passwd' },
        { name: 'tty', type: '3' },
        { name: 'sda', type: '4' },
        { name: 'fifo', type: '6' },
        { name: 'sparse', type: 'S' },
        { name: 'unknown', type: 'Z' },
      ]),
    )
    expect(entries.map((e) => [e.type, e.kind])).toEqual([
      ['7', 'file'],
      ['D', 'directory'],
      ['1', 'link'],
      ['2', 'link'],
      ['3', 'special'],
      ['4', 'special'],
      ['6', 'special'],
      ['S', 'unsupported'],
      ['Z', 'unsupported'],
    ])
  })

  it('gives folders no body, as GNU tar and node-tar do', () => {
    const hidden = rawTarEntry({ name: 'demo/hidden.md', content: 'inside the folder body' })
    const entries = read(
      concat([
        rawTarEntry({ name: 'demo/', type: '5', size: hidden.length }),
        hidden,
        rawTarEntry({ name: 'demo/old/', type: '0', size: 0 }),
        new Uint8Array(1024),
      ]),
    )
    expect(entries.map((e) => [e.kind, e.path])).toEqual([
      ['directory', 'demo/'],
      ['file', 'demo/hidden.md'],
      ['directory', 'demo/old/'],
    ])
  })

  it('skips a lone zero block, stops at two, and ignores what follows them', () => {
    const a = rawTarEntry({ name: 'a', content: 'a' })
    const b = rawTarEntry({ name: 'b', content: 'b' })
    const junk = new Uint8Array(700).fill(0x41)
    expect(read(concat([a, new Uint8Array(512), b, new Uint8Array(1024)])).map(text)).toEqual([
      'a',
      'b',
    ])
    expect(read(concat([a, new Uint8Array(1024), junk])).map(text)).toEqual(['a'])
    expect(read(concat([a, new Uint8Array(512)])).map(text)).toEqual(['a'])
  })

  it('skips a metadata record over 64 KiB, so the next entry keeps its own name', () => {
    const xattrs = paxRecord('SCHILY.xattr.com.apple.quarantine', 'q'.repeat(70_000))
    const entries = read(
      rawTar([
        { name: 'PaxHeader', type: 'x', content: xattrs + paxRecord('path', 'demo/long.md') },
        { name: 'demo/short.md', content: 's' },
      ]),
    )
    expect(entries.map((e) => e.path)).toEqual(['demo/short.md'])
  })

  it.each<[string, Uint8Array]>([
    ['a header whose checksum does not match', rawTar([{ name: 'a', badChecksum: true }])],
    ['a body cut short', rawTar([{ name: 'a', content: 'x'.repeat(600) }]).subarray(0, 700)],
    ['no end-of-archive block', rawTarEntry({ name: 'a', content: 'b' })],
    ['a size past the end', concat([rawTarEntry({ name: 'a', content: 'b', size: 99_999 })])],
    ['a size that is not octal', patchHeader(rawTar([{ name: 'a' }]), 124, '00000000009\0')],
    ['a negative base-256 size', patchHeader(rawTar([{ name: 'a' }]), 124, Uint8Array.of(0xff))],
    [
      'a malformed pax record',
      rawTar([{ name: 'p', type: 'x', content: '99 path=x\n' }, { name: 'a' }]),
    ],
    [
      'a pax size that is not a number',
      rawTar([{ name: 'p', type: 'x', content: paxRecord('size', '1e3') }, { name: 'a' }]),
    ],
    ['a nameless entry', rawTar([{ name: '' }])],
    ['a link without a target', rawTar([{ name: 'a', type: '2' }])],
    ['a file naming a link target', rawTar([{ name: 'a', linkname: 'b' }])],
  ])('refuses %s as ArchiveInvalid', (_label, tar) => {
    expectInvalid(tar)
  })

  it.each<[string, Uint8Array]>([
    [
      'a pax path holding a NUL (node-tar cuts it there)',
      rawTar([
        { name: 'p', type: 'x', content: paxRecord('path', 'demo/SKILL.md\0.sh') },
        { name: 'a', content: 'x' },
      ]),
    ],
    [
      'a pax linkpath holding a NUL',
      rawTar([
        { name: 'p', type: 'x', content: paxRecord('linkpath', 'SKILL.md\0x') },
        { name: 'a', type: '2', linkname: 'b' },
      ]),
    ],
    ['a Latin-1 ustar name', rawTar([{ name: latin1('demo/caf\u00e9.md'), content: 'x' }])],
    [
      'a Latin-1 ustar prefix',
      rawTar([{ prefix: latin1('d\u00e9mo'), name: 'SKILL.md', content: 'x' }]),
    ],
    ['a Latin-1 link target', rawTar([{ name: 'a', type: '2', linkname: latin1('\u00e9') }])],
    [
      'a Latin-1 pax path',
      rawTar([
        { name: 'p', type: 'x', content: paxRecordBytes('path', latin1('demo/caf\u00e9.md')) },
        { name: 'a', content: 'x' },
      ]),
    ],
    [
      'a Latin-1 GNU long name',
      rawTar([
        { name: '././@LongLink', type: 'L', content: latin1('demo/caf\u00e9.md\0') },
        { name: 'a', content: 'x' },
      ]),
    ],
  ])('refuses %s as PathUnsafe, never a changed name', (_label, tar) => {
    expect(() => read(tar)).toThrowError(
      expect.objectContaining({ code: SkillErrorCode.PathUnsafe }),
    )
  })

  it('keeps reading past pax records whose other values are binary (xattrs)', () => {
    const xattr = paxRecordBytes('SCHILY.xattr.user.blob', Uint8Array.of(0xff, 0x00, 0xe9))
    const entries = read(rawTar([{ name: 'p', type: 'x', content: xattr }, { name: 'a.md' }]))
    expect(entries.map((e) => e.path)).toEqual(['a.md'])
  })

  it('reads a size written in base-256, as GNU tar does past 8 GiB', () => {
    const tar = rawTar([{ name: 'a', content: 'abc' }])
    const base256 = Uint8Array.from([0x80, ...new Array<number>(10).fill(0), 3])
    const entries = read(patchHeader(tar, 124, base256))
    expect(entries.map(text)).toEqual(['abc'])
  })

  it('reads back what writeTar writes, names split at the ustar prefix', () => {
    const long = `demo/${'nested/'.repeat(20)}file.md`
    const content = new TextEncoder().encode('body')
    const entries = read(writeTar([{ path: long, mode: 0o755, content }]))
    expect(entries.map((e) => [e.path, e.mode, text(e)])).toEqual([[long, 0o755, 'body']])
  })
})

describe('readTarEntries agrees with node-tar on archives from GNU tar', () => {
  it.each(['gnu', 'pax', 'ustar'])('--format=%s', async (format) => {
    const base = await mkdtemp(join(tmpdir(), 'skillship-tar-'))
    try {
      const long = format === 'ustar' ? 'short.md' : `${'n'.repeat(120)}-\u00e9t\u00e9.md`
      await mkdir(join(base, 'demo/scripts'), { recursive: true })
      await writeFile(join(base, 'demo/SKILL.md'), '# demo\n')
      await writeFile(join(base, 'demo', long), 'long name\n')
      await writeFile(join(base, 'demo/scripts/run.sh'), '#!/bin/sh\n', { mode: 0o755 })
      const args = [`--format=${format}`, '--sort=name', '-cf', 'demo.tar', 'demo']
      execFileSync('tar', args, { cwd: base })
      const tar = new Uint8Array(await readFile(join(base, 'demo.tar')))
      const ours = read(tar).map((e) => ({ path: e.path, mode: e.mode, content: text(e) }))
      const theirs = (await readWithNodeTar(tar)).map(({ path, mode, content }) => ({
        path,
        mode: mode ?? 0,
        content,
      }))
      expect(ours).toEqual(theirs)
      expect(ours.map((e) => e.path)).toContain(`demo/${long}`)
    } finally {
      await rm(base, { recursive: true, force: true })
    }
  })
})

/** Writes `value` into the first header at byte `at`, then its checksum again. */
function patchHeader(tar: Uint8Array, at: number, value: string | Uint8Array): Uint8Array {
  const out = tar.slice()
  out.set(typeof value === 'string' ? new TextEncoder().encode(value) : value, at)
  out.fill(0x20, 148, 156)
  const sum = out.subarray(0, 512).reduce((total, byte) => total + byte, 0)
  out.set(new TextEncoder().encode(`${sum.toString(8).padStart(6, '0')}\0 `), 148)
  return out
}
