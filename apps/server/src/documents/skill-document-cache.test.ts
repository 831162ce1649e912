import { describe, expect, it } from 'vitest'
import type { RenderedDocument } from './load-skill-document.js'
import { createSkillDocumentCache } from './skill-document-cache.js'

const rendered = (name: string) => ({ etag: `"${name}"` }) as unknown as RenderedDocument

describe('createSkillDocumentCache', () => {
  it('evicts the least recently used document past its entry bound', () => {
    const cache = createSkillDocumentCache(2)
    cache.set('a', rendered('a'))
    cache.set('b', rendered('b'))
    cache.get('a')
    cache.set('c', rendered('c'))
    expect([cache.get('a'), cache.get('b'), cache.get('c')].map((d) => d?.etag)).toEqual([
      '"a"',
      undefined,
      '"c"',
    ])
  })

  it('does not cache a document read before an invalidation (it may predate the change)', () => {
    const cache = createSkillDocumentCache()
    const stamp = cache.stamp()
    cache.invalidate('other')
    cache.set('a', rendered('a'), stamp)
    expect(cache.get('a')).toBeUndefined()
    cache.set('a', rendered('a'), cache.stamp())
    expect(cache.get('a')).toBeDefined()
  })

  it('drops one document, or all of them', () => {
    const cache = createSkillDocumentCache()
    cache.set('a', rendered('a'))
    cache.set('b', rendered('b'))
    cache.invalidate('a')
    expect(cache.get('a')).toBeUndefined()
    expect(cache.get('b')).toBeDefined()
    cache.invalidateAll()
    expect(cache.get('b')).toBeUndefined()
  })
})
