import { mkdir, mkdtemp, readdir, rename, rm, utimes } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import { describe, expect, it } from 'vitest'
import { describeBlobStoreContract } from '../../../test/contract/blob-store.contract.js'
import { newVersion } from '../../../test/contract/new-version.js'
import { parseSha512Integrity } from '../parse-sha512-integrity.js'
import { createSqliteMetadataStore } from '../sqlite/sqlite-metadata-store.js'
import { createFileBlobStore } from './file-blob-store.js'

describeBlobStoreContract('files', async () => {
  const root = await mkdtemp(join(tmpdir(), 'skillship-blobs-'))
  const metadata = createSqliteMetadataStore({ file: join(root, 'registry.db') })
  await metadata.migrate()
  const blobs = join(root, 'blobs')
  const store = createFileBlobStore({ root: blobs, isReferenced: metadata.isBlobReferenced })
  let skills = 0
  return {
    store,
    reference: async (integrity) => {
      skills += 1
      await metadata.insertVersion(newVersion(`skill-${skills}`, '1.0.0', { integrity }))
    },
    backdate: async (integrity, at) => {
      const { hex } = parseSha512Integrity(integrity)
      await utimes(join(blobs, 'sha512', hex.slice(0, 2), hex), at, at)
    },
    cleanup: async () => {
      await store.close()
      await metadata.close()
      await rm(root, { recursive: true, force: true })
    },
  }
})

describe('createFileBlobStore', () => {
  it('lays blobs out as sha512/<2 hex>/<128 hex> and leaves no temp files', async () => {
    const root = await mkdtemp(join(tmpdir(), 'skillship-blobs-'))
    try {
      const store = createFileBlobStore({ root: join(root, 'blobs') })
      const bytes = new TextEncoder().encode('hello\n')
      const integrity = computeIntegrity(bytes)
      const hex = Buffer.from(integrity.slice('sha512-'.length), 'base64').toString('hex')
      await Promise.all(Array.from({ length: 5 }, () => store.put(integrity, bytes)))
      expect(await readdir(join(root, 'blobs', 'sha512'))).toEqual([hex.slice(0, 2)])
      expect(await readdir(join(root, 'blobs', 'sha512', hex.slice(0, 2)))).toEqual([hex])
      expect(hex.slice(0, 16)).toBe('e7c22b994c59d9cf')
    } finally {
      await rm(root, { recursive: true, force: true })
    }
  })

  it('restores a referenced blob a crash left parked in trash, and deletes the other leftovers', async () => {
    const root = await mkdtemp(join(tmpdir(), 'skillship-blobs-'))
    const metadata = createSqliteMetadataStore({ file: join(root, 'registry.db') })
    try {
      await metadata.migrate()
      const blobs = join(root, 'blobs')
      const store = createFileBlobStore({ root: blobs, isReferenced: metadata.isBlobReferenced })
      const park = async (text: string) => {
        const bytes = new TextEncoder().encode(text)
        const integrity = computeIntegrity(bytes)
        const { hex } = parseSha512Integrity(integrity)
        await store.put(integrity, bytes)
        await mkdir(join(blobs, 'trash'), { recursive: true })
        await rename(join(blobs, 'sha512', hex.slice(0, 2), hex), join(blobs, 'trash', `${hex}.x`))
        return { bytes, integrity }
      }
      const referenced = await park('published\n')
      const orphan = await park('crashed\n')
      await metadata.insertVersion(newVersion('kept', '1.0.0', { integrity: referenced.integrity }))
      expect(await store.collectUnreferenced(new Date(0))).toBe(0)
      expect(await store.get(referenced.integrity)).toEqual(referenced.bytes)
      expect(await store.has(orphan.integrity)).toBe(false)
      expect(await readdir(join(blobs, 'trash'))).toEqual([])
    } finally {
      await metadata.close()
      await rm(root, { recursive: true, force: true })
    }
  })
})
