import { createHash } from 'node:crypto'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { describe, expect, it } from 'vitest'
import { rawTgz } from '../../../../packages/core/test/archive-fixtures/build-tar.js'
import { unpackVersionFiles } from './unpack-version-files.js'
import type { VersionContent } from './version-content.js'

const skillMd = '---\nname: demo\ndescription: "d"\n---\nbody\n'
const run = 'print(1)\n'

const recorded = (path: string, content: string, mode = 0o644) => ({
  path,
  size: Buffer.byteLength(content),
  mode,
  sha256: createHash('sha256').update(content).digest('hex'),
})

const version: VersionContent = {
  name: 'demo',
  version: '1.0.0',
  integrity: 'sha512-unused',
  description: 'd',
  frontmatter: { name: 'demo', description: 'd' },
  files: [recorded('SKILL.md', skillMd), recorded('scripts/run.py', run, 0o755)],
}

const text = (bytes: Uint8Array | undefined) => new TextDecoder().decode(bytes)

describe('unpackVersionFiles', () => {
  it.each([
    ['a wrapper folder', 'demo/'],
    ['the archive root', ''],
    ['a ./ wrapper folder', './demo/'],
  ])('finds the recorded files in %s, with the recorded modes', async (_label, prefix) => {
    const files = await unpackVersionFiles(
      rawTgz([
        { name: `${prefix || './'}`, type: '5' },
        { name: `${prefix}SKILL.md`, content: skillMd },
        { name: `${prefix}scripts/run.py`, content: run, mode: 0o755 },
      ]),
      version,
    )
    expect(files.map((f) => [f.path, f.mode, text(f.bytes)])).toEqual([
      ['SKILL.md', 0o644, skillMd],
      ['scripts/run.py', 0o755, run],
    ])
  })

  it('serves only recorded files: an entry the publish skipped is ignored', async () => {
    const files = await unpackVersionFiles(
      rawTgz([
        { name: 'demo/SKILL.md', content: skillMd },
        { name: 'demo/scripts/run.py', content: run },
        { name: 'demo/.DS_Store', content: 'litter' },
      ]),
      version,
    )
    expect(files.map((f) => f.path)).toEqual(['SKILL.md', 'scripts/run.py'])
    // Copied out of the tar: the cache holds only the served bytes.
    expect(files[0]?.bytes.buffer.byteLength).toBe(Buffer.byteLength(skillMd + run))
  })

  it.each([
    ['a symlink', [{ name: 'demo/link', type: '2', linkname: '/etc/passwd' }], /not a regular/],
    ['a hard link', [{ name: 'demo/hard', type: '1', linkname: 'demo/SKILL.md' }], /not a regular/],
    ['a FIFO', [{ name: 'demo/fifo', type: '6' }], /not a regular/],
    ['a duplicate path', [{ name: 'demo/SKILL.md', content: skillMd }], /twice/],
  ])('refuses %s with SERVE_LOAD_FAILED', async (_label, extra, message) => {
    const tgz = rawTgz([
      { name: 'demo/SKILL.md', content: skillMd },
      { name: 'demo/scripts/run.py', content: run },
      ...extra,
    ])
    await expect(unpackVersionFiles(tgz, version)).rejects.toMatchObject({
      code: ServeErrorCode.LoadFailed,
      message: expect.stringMatching(message),
    })
  })

  it('refuses a file whose bytes differ from the record, or a missing one', async () => {
    const changed = rawTgz([
      { name: 'demo/SKILL.md', content: skillMd },
      { name: 'demo/scripts/run.py', content: 'print(2)\n' },
    ])
    await expect(unpackVersionFiles(changed, version)).rejects.toMatchObject({
      code: ServeErrorCode.LoadFailed,
      message: expect.stringMatching(/scripts\/run\.py does not match/),
    })
    const missing = rawTgz([{ name: 'demo/SKILL.md', content: skillMd }])
    await expect(unpackVersionFiles(missing, version)).rejects.toMatchObject({
      code: ServeErrorCode.LoadFailed,
      message: expect.stringMatching(/no file scripts\/run\.py/),
    })
  })

  it('refuses bytes that are not a gzipped tar', async () => {
    await expect(unpackVersionFiles(new Uint8Array([1, 2, 3]), version)).rejects.toMatchObject({
      code: ServeErrorCode.LoadFailed,
      message: expect.stringMatching(/cannot be read/),
    })
  })
})
