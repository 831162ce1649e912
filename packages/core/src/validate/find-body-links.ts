/** A relative link found in the SKILL.md body: the target path and the SKILL.md line it is on. */
export interface BodyLink {
  readonly target: string
  readonly line: number
}

const inlineLink = /!?\[[^\]]*\]\(\s*(?:<([^>\n]+)>|([^)\s]+))(?:\s+(?:"[^"]*"|'[^']*'))?\s*\)/g
const codeSpan = /`[^`]*`/g
const fence = /^\s{0,3}(`{3,}|~{3,})/
const external = /^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|\/\/|#|\/|~|\$|\{|%7B)/

/**
 * Finds Markdown links and images whose target is a relative path into the skill (not a URL,
 * anchor, absolute path or template placeholder), outside fenced code blocks and code spans.
 * Returns the decoded path without `#fragment` or `?query`.
 */
export function findBodyLinks(body: string, bodyStartLine: number): BodyLink[] {
  const links: BodyLink[] = []
  if (!body.includes('](')) return links
  const fences = createFenceTracker()
  const lines = body.split(/\r\n|\r|\n/)
  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? ''
    if (fences.isCode(line) || !line.includes('](')) continue
    for (const match of line.replace(codeSpan, '').matchAll(inlineLink)) {
      const target = cleanTarget(match[1] ?? match[2] ?? '')
      if (target !== undefined) links.push({ target, line: bodyStartLine + index })
    }
  }
  return links
}

// CommonMark fences: a block closes with the same character, at least as many times.
function createFenceTracker(): { isCode(line: string): boolean } {
  let open: string | undefined
  return {
    isCode(line) {
      const marker = fence.exec(line)?.[1]
      if (marker === undefined) return open !== undefined
      if (open === undefined) open = marker
      else if (marker[0] === open[0] && marker.length >= open.length) open = undefined
      return true
    },
  }
}

function cleanTarget(raw: string): string | undefined {
  if (raw === '' || external.test(raw)) return undefined
  const path = raw.split(/[#?]/, 1)[0] ?? ''
  if (path === '') return undefined
  try {
    return decodeURIComponent(path)
  } catch (error) {
    if (error instanceof URIError) return path
    throw error
  }
}
