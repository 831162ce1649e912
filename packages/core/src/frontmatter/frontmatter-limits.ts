import type { CST } from 'yaml'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { IssueDraft } from '../validate/skill-issue.js'

/** Bounds on the frontmatter YAML, checked before any YAML node is built. */
export interface FrontmatterLimits {
  /** Most UTF-8 bytes of YAML between the `---` lines. */
  readonly maxBytes: number
  /** Most mapping keys plus list items, counted at every depth. */
  readonly maxEntries: number
  /** Most collections nested in one another (the top-level mapping is depth 1). */
  readonly maxDepth: number
}

/**
 * The spec defines six fields, and real skills use a handful (the anthropics/skills corpus: at most
 * 3 keys in 1.2 KB, a `metadata` map of a few keys; Claude Code's `hooks`, the deepest extension,
 * nests 6 levels). SKILL.md is loaded whole into an agent's context, so a frontmatter near these
 * bounds is already a mistake: 64 KiB, 256 entries and 16 levels leave 50x room and keep parsing
 * (linear here, see parseFrontmatterYaml) to a few milliseconds at worst.
 */
export const defaultFrontmatterLimits: FrontmatterLimits = Object.freeze({
  maxBytes: 64 * 1024,
  maxEntries: 256,
  maxDepth: 16,
})

const hint = 'Keep frontmatter to the fields agents read; move other data into a referenced file.'

/** SKILL_FRONTMATTER_TOO_LARGE when `yaml` is over `maxBytes` UTF-8 bytes; `line` is where it starts. */
export function checkFrontmatterSize(
  yaml: string,
  limits: FrontmatterLimits,
  line: number,
): IssueDraft | undefined {
  if (!exceedsUtf8Bytes(yaml, limits.maxBytes)) return undefined
  return {
    code: SkillErrorCode.FrontmatterTooLarge,
    message: `SKILL.md frontmatter is over ${limits.maxBytes} bytes`,
    hint,
    path: 'SKILL.md',
    line,
  }
}

/**
 * Walks the concrete syntax tree (tokens only, before any node is composed or any key compared)
 * without recursion: SKILL_FRONTMATTER_TOO_MANY_KEYS past `maxEntries` keys and list items,
 * SKILL_FRONTMATTER_TOO_DEEP past `maxDepth` nested collections. Linear in the tokens.
 */
export function checkFrontmatterShape(
  tokens: readonly CST.Token[],
  limits: FrontmatterLimits,
  lineOf: (offset: number) => number | undefined,
): IssueDraft | undefined {
  let entries = 0
  const pending: Pending[] = tokens.map((token) => ({ token, depth: 0 }))
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const { token, depth } = next
    if (token.type === 'document' && token.value !== undefined) {
      pending.push({ token: token.value, depth })
      continue
    }
    if (!isCollection(token)) continue
    const at = lineOf(token.offset)
    if (depth + 1 > limits.maxDepth) return shapeIssue('deep', limits.maxDepth, at)
    entries += token.items.length
    if (entries > limits.maxEntries) return shapeIssue('entries', limits.maxEntries, at)
    pushChildren(pending, token, depth + 1)
  }
  return undefined
}

type Pending = { readonly token: CST.Token; readonly depth: number }
type Collection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection

function isCollection(token: CST.Token): token is Collection {
  return (
    token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection'
  )
}

function pushChildren(pending: Pending[], collection: Collection, depth: number): void {
  for (const item of collection.items) {
    if ('key' in item && item.key) pending.push({ token: item.key, depth })
    if (item.value) pending.push({ token: item.value, depth })
  }
}

function shapeIssue(kind: 'deep' | 'entries', limit: number, line: number | undefined): IssueDraft {
  const deep = kind === 'deep'
  return {
    code: deep ? SkillErrorCode.FrontmatterTooDeep : SkillErrorCode.FrontmatterTooManyKeys,
    message: deep
      ? `SKILL.md frontmatter nests more than ${limit} levels`
      : `SKILL.md frontmatter holds more than ${limit} keys and list items`,
    hint,
    path: 'SKILL.md',
    ...(line === undefined ? {} : { line }),
  }
}

// Counts without allocating: a UTF-16 unit is 1 to 3 UTF-8 bytes, a surrogate pair 4.
function exceedsUtf8Bytes(text: string, max: number): boolean {
  if (text.length > max) return true
  if (text.length * 3 <= max) return false
  let bytes = 0
  for (let index = 0; index < text.length && bytes <= max; index++) {
    const unit = text.charCodeAt(index)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (isPair(text, index)) {
      bytes += 4
      index += 1
    } else bytes += 3
  }
  return bytes > max
}

function isPair(text: string, index: number): boolean {
  const high = text.charCodeAt(index)
  const low = text.charCodeAt(index + 1)
  return high >= 0xd800 && high <= 0xdbff && low >= 0xdc00 && low <= 0xdfff
}
