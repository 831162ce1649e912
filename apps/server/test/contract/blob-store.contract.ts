import { randomBytes } from 'node:crypto'
import { isSkillshipError } from '@skillship/core'
import { computeIntegrity } from '@skillship/core/node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/storage/blob-store.js'

/** What a blob store implementation gives the contract for one test. */
export interface BlobStoreFixture {
  /** A store with no blobs. */
  readonly store: BlobStore
  /** Closes the store and removes what it wrote. */
  cleanup(): Promise<void>
}

/** Keys no blob store may accept: each is a programmer error (plain Error), never a lookup. */
export const malformedBlobKeys = [
  ['empty', ''],
  ['sha256', `sha256-${'A'.repeat(43)}=`],
  ['path traversal', `sha512-../../${'A'.repeat(80)}==`],
  ['unpadded', `sha512-${'A'.repeat(86)}`],
  ['non-canonical last character', `sha512-${'A'.repeat(85)}B==`],
  ['trailing newline', `sha512-${'A'.repeat(86)}==\n`],
  ['two tokens', `sha512-${'A'.repeat(86)}== sha512-${'A'.repeat(86)}==`],
] as const

/** The behaviour every BlobStore must show; run it once per implementation. */
export function describeBlobStoreContract(
  label: string,
  factory: () => Promise<BlobStoreFixture>,
): void {
  describe(`BlobStore contract: ${label}`, () => {
    let fixture: BlobStoreFixture
    let store: BlobStore
    const blob = (size: number) => {
      const bytes = new Uint8Array(randomBytes(size))
      return { bytes, integrity: computeIntegrity(bytes) }
    }

    beforeEach(async () => {
      fixture = await factory()
      store = fixture.store
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    it('stores, finds and returns bytes', async () => {
      const { bytes, integrity } = blob(1000)
      expect(await store.has(integrity)).toBe(false)
      await store.put(integrity, bytes)
      expect(await store.has(integrity)).toBe(true)
      expect(await store.get(integrity)).toEqual(bytes)
    })

    it('returns undefined for a missing blob', async () => {
      expect(await store.get(blob(10).integrity)).toBeUndefined()
    })

    it('round-trips an empty blob', async () => {
      const { bytes, integrity } = blob(0)
      await store.put(integrity, bytes)
      expect(await store.get(integrity)).toEqual(new Uint8Array())
    })

    it('treats a second put of the same key as a no-op', async () => {
      const { bytes, integrity } = blob(100)
      await store.put(integrity, bytes)
      await store.put(integrity, bytes)
      expect(await store.get(integrity)).toEqual(bytes)
    })

    it('round-trips a 5 MB blob, also from a view into a larger buffer', async () => {
      const backing = new Uint8Array(randomBytes(5 * 1024 * 1024 + 16))
      const bytes = backing.subarray(8, backing.length - 8)
      const integrity = computeIntegrity(bytes)
      await store.put(integrity, bytes)
      const read = await store.get(integrity)
      expect(read?.byteLength).toBe(bytes.byteLength)
      expect(read === undefined ? undefined : computeIntegrity(read)).toBe(integrity)
    })

    it('survives concurrent puts of the same key', async () => {
      const { bytes, integrity } = blob(256 * 1024)
      await Promise.all(Array.from({ length: 8 }, () => store.put(integrity, bytes)))
      // Comparing digests: a deep toEqual over 256 KB costs a second.
      const read = await store.get(integrity)
      expect(read === undefined ? undefined : computeIntegrity(read)).toBe(integrity)
    })

    it.each(malformedBlobKeys)(
      'refuses a malformed key (%s) with a plain Error',
      async (_, key) => {
        for (const operation of [
          () => store.put(key, new Uint8Array([1])),
          () => store.get(key),
          () => store.has(key),
        ]) {
          const error: unknown = await operation().then(
            () => undefined,
            (failure: unknown) => failure,
          )
          expect(error).toBeInstanceOf(Error)
          expect(isSkillshipError(error)).toBe(false)
        }
      },
    )
  })
}
