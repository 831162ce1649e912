import { describe, expect, it } from 'vitest'
import {
  concat,
  rawTar,
  rawTarEntry,
} from '../../../../packages/core/test/archive-fixtures/build-tar.js'
import { readTarEntries, type TarEntry } from './read-tar-files.js'

const text = (entry: TarEntry | undefined) =>
  entry?.kind === 'file' ? new TextDecoder().decode(entry.bytes) : undefined

// A pax record: "<length> <key>=<value>\n", the length counting the whole record.
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = body.length + 1
  while (`${length}${body}`.length !== length) length += 1
  return `${length}${body}`
}

describe('readTarEntries', () => {
  it('reads files, folders and ustar prefixes, stripping ./ and trailing slashes', () => {
    const entries = readTarEntries(
      rawTar([
        { name: './demo/', type: '5' },
        { name: './demo/SKILL.md', content: '# demo\n' },
        { name: 'run.py', prefix: 'demo/scripts', content: 'print(1)\n' },
        { name: 'demo/empty.txt', content: '' },
      ]),
    )
    expect(entries.map((e) => [e.kind, e.path])).toEqual([
      ['directory', 'demo'],
      ['file', 'demo/SKILL.md'],
      ['file', 'demo/scripts/run.py'],
      ['file', 'demo/empty.txt'],
    ])
    expect(text(entries[2])).toBe('print(1)\n')
    expect(text(entries[3])).toBe('')
  })

  it('takes long names from pax and GNU records, for the next entry only', () => {
    const long = `demo/${'deep/'.repeat(30)}file.md`
    const entries = readTarEntries(
      rawTar([
        { name: 'PaxHeader', type: 'x', content: paxRecord('path', long) },
        { name: 'truncated-by-ustar', content: 'pax' },
        { name: '././@LongLink', type: 'L', content: `${long}.gnu\0` },
        { name: 'truncated-too', content: 'gnu' },
        { name: 'global', type: 'g', content: paxRecord('comment', 'ignored') },
        { name: 'demo/plain.md', content: 'plain' },
      ]),
    )
    expect(entries.map((e) => e.path)).toEqual([long, `${long}.gnu`, 'demo/plain.md'])
    expect(entries.map(text)).toEqual(['pax', 'gnu', 'plain'])
  })

  it('reports links, devices and FIFOs as other entries for the caller to refuse', () => {
    const entries = readTarEntries(
      rawTar([
        { name: 'demo/link', type: '2', linkname: '/etc/passwd' },
        { name: 'demo/hard', type: '1', linkname: 'demo/SKILL.md' },
        { name: 'demo/fifo', type: '6' },
      ]),
    )
    expect(entries.map((e) => (e.kind === 'other' ? e.type : e.kind))).toEqual(['2', '1', '6'])
  })

  it('refuses an archive cut short or whose size runs past the end', () => {
    const whole = rawTar([{ name: 'demo/SKILL.md', content: 'x'.repeat(600) }])
    expect(() => readTarEntries(whole.subarray(0, 700))).toThrow(/past the end/)
    expect(() => readTarEntries(rawTarEntry({ name: 'a', content: 'b' }))).toThrow(/end-of-archive/)
    const lying = concat([rawTarEntry({ name: 'a', content: 'b', size: 99_999 })])
    expect(() => readTarEntries(lying)).toThrow(/past the end/)
  })

  it('refuses a malformed pax record', () => {
    expect(() =>
      readTarEntries(rawTar([{ name: 'p', type: 'x', content: '99 path=x\n' }, { name: 'a' }])),
    ).toThrow(/pax/)
  })
})
