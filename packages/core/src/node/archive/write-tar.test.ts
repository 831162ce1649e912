import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readWithNodeTar } from '../../../test/archive-fixtures/read-with-node-tar.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { type TarFileEntry, writeTar } from './write-tar.js'

const text = (value: string) => new TextEncoder().encode(value)
const ascii = (bytes: Uint8Array) => new TextDecoder().decode(bytes).replace(/\0+$/, '')

describe('writeTar', () => {
  it('writes ustar headers node-tar reads back exactly', async () => {
    const long = `skill/${'d'.repeat(120)}/${'f'.repeat(90)}.md`
    const entries: TarFileEntry[] = [
      { path: 'skill/SKILL.md', mode: 0o644, content: text('# hi\n') },
      { path: 'skill/scripts/run.sh', mode: 0o755, content: text('x'.repeat(600)) },
      { path: long, mode: 0o644, content: new Uint8Array() },
      { path: 'skill/技能.md', mode: 0o644, content: text('中') },
    ]
    const tar = writeTar(entries)
    expect(tar.length % 512).toBe(0)
    expect(tar.subarray(-1024).every((byte) => byte === 0)).toBe(true)
    expect(await readWithNodeTar(tar)).toEqual([
      { path: 'skill/SKILL.md', mode: 0o644, size: 5, type: 'File', mtime: 0, content: '# hi\n' },
      {
        path: 'skill/scripts/run.sh',
        mode: 0o755,
        size: 600,
        type: 'File',
        mtime: 0,
        content: 'x'.repeat(600),
      },
      { path: long, mode: 0o644, size: 0, type: 'File', mtime: 0, content: '' },
      { path: 'skill/技能.md', mode: 0o644, size: 3, type: 'File', mtime: 0, content: '中' },
    ])
  })

  it('fills the fixed header fields byte for byte', () => {
    const header = writeTar([{ path: 'a/b.md', mode: 0o755, content: text('hi') }]).subarray(0, 512)
    expect(ascii(header.subarray(0, 100))).toBe('a/b.md')
    expect(ascii(header.subarray(100, 108))).toBe('0000755')
    expect(ascii(header.subarray(108, 116))).toBe('0000000')
    expect(ascii(header.subarray(116, 124))).toBe('0000000')
    expect(ascii(header.subarray(124, 136))).toBe('00000000002')
    expect(ascii(header.subarray(136, 148))).toBe('00000000000')
    expect(String.fromCharCode(header[156] ?? 0)).toBe('0')
    expect([...header.subarray(257, 265)]).toEqual([...text('ustar\u000000')])
    expect(header.subarray(265, 329).every((byte) => byte === 0)).toBe(true)
    const stored = Number.parseInt(ascii(header.subarray(148, 154)), 8)
    const copy = header.slice()
    copy.fill(0x20, 148, 156)
    expect(stored).toBe(copy.reduce((sum, byte) => sum + byte, 0))
    expect([header[154], header[155]]).toEqual([0, 0x20])
  })

  it('is read by GNU tar with the right modes', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'skillship-tar-'))
    try {
      const file = join(dir, 'a.tar')
      await writeFile(
        file,
        writeTar([
          { path: 'skill/SKILL.md', mode: 0o644, content: text('x') },
          { path: 'skill/run.sh', mode: 0o755, content: text('y') },
        ]),
      )
      const listing = execFileSync('tar', ['-tvf', file], { encoding: 'utf8' })
      expect(listing).toMatch(/^-rw-r--r-- .* skill\/SKILL\.md$/m)
      expect(listing).toMatch(/^-rwxr-xr-x .* skill\/run\.sh$/m)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it.each([
    ['a name of 101 bytes with no folder', 'x'.repeat(101)],
    ['a final segment over 100 bytes', `skill/${'x'.repeat(101)}`],
    ['a folder part over 155 bytes', `${'d'.repeat(160)}/x.md`],
  ])('throws PathTooLong for %s', (_label, path) => {
    expect(() => writeTar([{ path, mode: 0o644, content: new Uint8Array() }])).toThrow(
      expect.objectContaining({ code: SkillErrorCode.PathTooLong }),
    )
  })

  it('writes an empty archive as two zero blocks', () => {
    expect(writeTar([])).toEqual(new Uint8Array(1024))
  })
})
