import { expect, it } from 'vitest'
import type { MetadataStore, TokenRecord } from '../../src/storage/metadata-store.js'

/** The token part of the MetadataStore contract. */
export function describeTokens(getStore: () => MetadataStore): void {
  const token = (id: string, createdAt: string): TokenRecord => ({
    id,
    name: `token ${id}`,
    hash: id.repeat(64).slice(0, 64),
    scopes: ['publish:team-*', 'read:private'],
    createdAt: new Date(createdAt),
  })

  it('creates, finds by hash, lists and deletes tokens', async () => {
    const store = getStore()
    const second = token('b', '2024-02-01T00:00:00.001Z')
    const first = token('a', '2024-01-01T00:00:00.999Z')
    await store.createToken(second)
    await store.createToken(first)
    expect(await store.findTokenByHash(first.hash)).toEqual(first)
    expect(await store.findTokenByHash('f'.repeat(64))).toBeUndefined()
    expect(await store.listTokens()).toEqual([first, second])
    expect(await store.deleteToken('a')).toBe(true)
    expect(await store.deleteToken('a')).toBe(false)
    expect(await store.findTokenByHash(first.hash)).toBeUndefined()
    expect(await store.listTokens()).toEqual([second])
  })
}
