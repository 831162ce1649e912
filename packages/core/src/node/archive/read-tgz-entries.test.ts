import { createHash, randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { create as createTar } from 'tar'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type RawTarEntry, rawTar, rawTgz } from '../../../test/archive-fixtures/build-tar.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { entriesPerFile } from '../tree/tree-limits.js'
import { resolveUnpackLimits, type UnpackLimits } from './archive-limits.js'
import { createExtractionSink, type ExtractedFile } from './extraction-sink.js'
import { readTgzEntries } from './read-tgz-entries.js'

const skillMd: RawTarEntry = { name: 'skill/SKILL.md', content: '# skill\n' }
const sha256 = (content: string | Uint8Array) => createHash('sha256').update(content).digest('hex')

let directory: string

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'skillship-tgz-'))
})

afterEach(async () => {
  await rm(directory, { recursive: true, force: true })
})

async function extract(
  tgz: Uint8Array,
  overrides: Partial<UnpackLimits> = {},
): Promise<readonly ExtractedFile[]> {
  const sink = createExtractionSink(directory, resolveUnpackLimits(overrides))
  try {
    await readTgzEntries(tgz, resolveUnpackLimits(overrides), sink)
  } finally {
    sink.close()
  }
  return sink.files
}

/** Fails with `code`, having written nothing at all. */
async function expectRefused(
  tgz: Uint8Array,
  code: string,
  overrides: Partial<UnpackLimits> = {},
): Promise<void> {
  await expect(extract(tgz, overrides)).rejects.toMatchObject({ code })
  expect(await readdir(directory)).toEqual([])
}

describe('readTgzEntries', () => {
  it('hands every file to the sink with its size, mode and sha256', async () => {
    const files = await extract(
      rawTgz([
        { name: 'skill/', type: '5' },
        skillMd,
        { name: 'skill/run.sh', content: '#!/bin/sh\n', mode: 0o755 },
        { name: 'skill/empty', content: '' },
      ]),
    )
    expect(files).toEqual([
      { path: 'skill/SKILL.md', size: 8, mode: 0o644, sha256: sha256('# skill\n') },
      { path: 'skill/run.sh', size: 10, mode: 0o755, sha256: sha256('#!/bin/sh\n') },
      { path: 'skill/empty', size: 0, mode: 0o644, sha256: sha256('') },
    ])
  })

  it('reads long names from pax records and GNU long-name records', async () => {
    const long = `${'n'.repeat(120)}.md`
    const pax = `${String(` path=skill/${long}\n`.length + 3)} path=skill/${long}\n`
    const files = await extract(
      rawTgz([
        skillMd,
        { name: 'PaxHeader/x', type: 'x', content: pax },
        { name: 'skill/cut-by-ustar', content: 'pax' },
        { name: '././@LongLink', type: 'L', content: `skill/gnu-${long}\0` },
        { name: 'skill/cut-too', content: 'gnu' },
      ]),
    )
    expect(files.map((file) => file.path)).toEqual([
      'skill/SKILL.md',
      `skill/${long}`,
      `skill/gnu-${long}`,
    ])
  })

  it('reads pax headers written by node-tar', async () => {
    const source = join(directory, 'src')
    const long = `${'d'.repeat(60)}/${'f'.repeat(110)}-\u00e9.md`
    await mkdir(join(source, 'skill', long, '..'), { recursive: true })
    await writeFile(join(source, 'skill/SKILL.md'), '# skill\n')
    await writeFile(join(source, 'skill', long), 'long\n')
    await createTar({ gzip: true, cwd: source, file: join(directory, 'a.tgz') }, ['skill'])
    const tgz = new Uint8Array(await readFile(join(directory, 'a.tgz')))
    await rm(source, { recursive: true })
    await rm(join(directory, 'a.tgz'))
    const files = await extract(tgz)
    expect(files.map((file) => file.path).sort()).toEqual(['skill/SKILL.md', `skill/${long}`])
  })

  it('refuses a header whose checksum does not match, in an archive otherwise whole', async () => {
    const tgz = rawTgz([skillMd, { name: 'skill/a', badChecksum: true }])
    await expect(extract(tgz)).rejects.toMatchObject({ code: SkillErrorCode.ArchiveInvalid })
  })

  it('refuses a tar holding no entry at all', async () => {
    await expectRefused(gzipSync(new Uint8Array(1024)), SkillErrorCode.ArchiveInvalid)
  })

  it('refuses a zstd stream inside the gzip', async () => {
    const zstd = Uint8Array.from([0x28, 0xb5, 0x2f, 0xfd, ...new Array<number>(2000).fill(0)])
    await expectRefused(gzipSync(zstd), SkillErrorCode.ArchiveUnsupported)
  })
})

describe('readTgzEntries bounds the inflated size exactly, before writing anything', () => {
  // The tar's length is the only thing the bounds see: pad it with zeros after the end blocks.
  const padded = (length: number) => {
    const tar = rawTar([skillMd])
    return gzipSync(rawTar([skillMd], new Uint8Array(length - tar.length)))
  }
  const sizeLimits = { maxFiles: 1, maxTotalBytes: 100, maxRatio: 1_000_000 }
  const sizeBound = 100 + (1 * entriesPerFile + 2) * 3 * 512 + 4 * 1024 * 1024

  it.each<[string, number, Partial<UnpackLimits>, string | undefined]>([
    ['the ratio bound', 64 * 1024, { maxRatio: 0, ratioFloorBytes: 64 * 1024 }, undefined],
    ['past the ratio bound', 64 * 1024 + 1, { maxRatio: 0, ratioFloorBytes: 64 * 1024 }, 'bomb'],
    ['the size bound', sizeBound, sizeLimits, undefined],
    ['past the size bound', sizeBound + 1, sizeLimits, 'size'],
  ])('%s', async (_label, length, limits, refusal) => {
    const tgz = padded(length)
    if (refusal === undefined) {
      expect((await extract(tgz, limits)).map((file) => file.path)).toEqual(['skill/SKILL.md'])
      return
    }
    const code = refusal === 'bomb' ? SkillErrorCode.ArchiveBomb : SkillErrorCode.ArchiveTooLarge
    await expectRefused(tgz, code, limits)
  })

  it('inflates a large archive off the event loop, under the same bounds', async () => {
    const noise = randomBytes(1_200_000)
    const entries = [skillMd, { name: 'skill/noise.bin', content: noise }]
    const files = await extract(rawTgz(entries))
    expect(files.map((file) => [file.path, file.sha256])).toEqual([
      ['skill/SKILL.md', sha256('# skill\n')],
      ['skill/noise.bin', sha256(noise)],
    ])
    await rm(join(directory, 'skill'), { recursive: true })
    const tgz = rawTgz(entries, new Uint8Array(4_000_000))
    expect(tgz.length).toBeGreaterThan(1024 * 1024)
    await expectRefused(tgz, SkillErrorCode.ArchiveBomb, { maxRatio: 2, ratioFloorBytes: 0 })
  })
})
