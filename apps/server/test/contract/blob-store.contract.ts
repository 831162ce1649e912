import { randomBytes } from 'node:crypto'
import { isSkillshipError } from '@skillship/core'
import { computeIntegrity } from '@skillship/core/node'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { BlobStore } from '../../src/storage/blob-store.js'

/** What a blob store implementation gives the contract for one test. */
export interface BlobStoreFixture {
  /** A store with no blobs. */
  readonly store: BlobStore
  /** Inserts a version row whose tarball is `integrity`, in the metadata the store checks. */
  reference(integrity: string): Promise<void>
  /** Sets the blob's age (last put) to `at`, as if it had been put then. */
  backdate(integrity: string, at: Date): Promise<void>
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

    describe('collectUnreferenced', () => {
      const hourMs = 60 * 60 * 1000
      const hoursAgo = (hours: number) => new Date(Date.now() - hours * hourMs)

      it('collects an unreferenced blob last put before the cutoff', async () => {
        const { bytes, integrity } = blob(100)
        await store.put(integrity, bytes)
        await fixture.backdate(integrity, hoursAgo(2))
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(1)
        expect(await store.has(integrity)).toBe(false)
        expect(await store.get(integrity)).toBeUndefined()
      })

      it('never collects a referenced blob, however old', async () => {
        const { bytes, integrity } = blob(100)
        await store.put(integrity, bytes)
        await fixture.reference(integrity)
        await fixture.backdate(integrity, hoursAgo(48))
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(0)
        expect(await store.get(integrity)).toEqual(bytes)
      })

      it('keeps an unreferenced blob younger than the cutoff', async () => {
        const { bytes, integrity } = blob(100)
        await store.put(integrity, bytes)
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(0)
        expect(await store.get(integrity)).toEqual(bytes)
      })

      it('treats a put of an existing blob as new: its age restarts', async () => {
        const { bytes, integrity } = blob(100)
        await store.put(integrity, bytes)
        await fixture.backdate(integrity, hoursAgo(2))
        await store.put(integrity, bytes)
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(0)
        expect(await store.get(integrity)).toEqual(bytes)
      })

      it("collects only the crashed publish's blob among referenced and young ones", async () => {
        const crashed = blob(64)
        const published = blob(64)
        const inFlight = blob(64)
        for (const { bytes, integrity } of [crashed, published, inFlight]) {
          await store.put(integrity, bytes)
        }
        await fixture.reference(published.integrity)
        await fixture.backdate(crashed.integrity, hoursAgo(3))
        await fixture.backdate(published.integrity, hoursAgo(3))
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(1)
        expect(await store.has(crashed.integrity)).toBe(false)
        expect(await store.has(published.integrity)).toBe(true)
        expect(await store.has(inFlight.integrity)).toBe(true)
        expect(await store.collectUnreferenced(hoursAgo(1))).toBe(0)
      })
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
