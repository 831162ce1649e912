import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { writeFileAtomic } from './write-file-atomic.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-atomic-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('writeFileAtomic', () => {
  it('replaces a file whole, with the mode asked for, leaving no temp file', async () => {
    const path = join(dir, 'config.json')
    await writeFile(path, 'old')
    expect(await writeFileAtomic(path, 'new', { mode: 0o600 })).toBe(true)
    expect(await readFile(path, 'utf8')).toBe('new')
    expect((await stat(path)).mode & 0o777).toBe(0o600)
    expect(await readdir(dir)).toEqual(['config.json'])
  })

  it('skips an identical write when asked, keeping the mtime', async () => {
    const path = join(dir, 'lock')
    await writeFileAtomic(path, new Uint8Array([1, 2, 3]))
    const before = (await stat(path)).mtimeMs
    expect(await writeFileAtomic(path, new Uint8Array([1, 2, 3]), { skipIfEqual: true })).toBe(
      false,
    )
    expect((await stat(path)).mtimeMs).toBe(before)
  })

  it('fails without leaving anything when the folder is missing', async () => {
    await expect(writeFileAtomic(join(dir, 'missing', 'x'), 'x')).rejects.toMatchObject({
      code: 'ENOENT',
    })
    expect(await readdir(dir)).toEqual([])
  })
})
