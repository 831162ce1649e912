import { LRUCache } from 'lru-cache'
import type { SafeHtml } from './html.js'

/** Rendered SKILL.md and files, 32 Mi characters at most (a version's content never changes). */
const maxChars = 32 * 1024 * 1024

/**
 * Rendered HTML of immutable content, keyed by `name@version` and what was rendered: a page
 * view renders Markdown and highlights a file once per replica, not once per request.
 */
export interface RenderCache {
  get(key: string, render: () => SafeHtml): SafeHtml
}

export function createRenderCache(): RenderCache {
  const cache = new LRUCache<string, SafeHtml>({
    maxSize: maxChars,
    sizeCalculation: (value, key) => value.value.length + key.length,
  })
  return {
    get(key, render) {
      const hit = cache.get(key)
      if (hit !== undefined) return hit
      const rendered = render()
      // Pages larger than the whole cache are rendered every time rather than refused.
      if (rendered.value.length + key.length <= maxChars) cache.set(key, rendered)
      return rendered
    },
  }
}
