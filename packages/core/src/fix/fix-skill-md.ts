import { isScalar, type Pair, parseDocument, Scalar } from 'yaml'
import {
  checkFrontmatterSize,
  defaultFrontmatterLimits,
} from '../frontmatter/frontmatter-limits.js'
import { splitFrontmatter } from '../frontmatter/split-frontmatter.js'

/** The result of fixing SKILL.md text: the new text and what changed (empty when nothing did). */
export interface SkillMdFix {
  readonly text: string
  readonly changes: readonly string[]
}

/**
 * Rewrites SKILL.md text the way `skillship lint --fix` promises, and nothing else: LF line
 * endings, and `description` as one double-quoted line (whitespace runs folded to one space).
 * A description that breaks the YAML because of an unquoted `: ` is quoted first. The caller
 * writes the result as UTF-8 without BOM. Returns the input unchanged when no fix applies. A
 * frontmatter over the size limit only has its line endings fixed.
 */
export function fixSkillMd(
  text: string,
  options: { readonly changes?: readonly string[] } = {},
): SkillMdFix {
  const changes = [...(options.changes ?? [])]
  let fixed = text
  if (/\r/.test(fixed)) {
    fixed = fixed.replace(/\r\n?/g, '\n')
    changes.push('line endings converted to LF')
  }
  const cut = splitFrontmatter(fixed)
  if (!cut.ok) return { text: fixed, changes }
  const { yaml, body } = cut.split
  // Lint refuses such a frontmatter; --fix does not parse what lint will not.
  if (checkFrontmatterSize(yaml, defaultFrontmatterLimits, cut.split.yamlStartLine))
    return { text: fixed, changes }
  const yamlStart = fixed.indexOf('\n') + 1
  const rewritten = rewriteDescription(yaml) ?? rewriteDescription(quoteColonDescription(yaml))
  if (rewritten === undefined || rewritten === yaml) return { text: fixed, changes }
  changes.push('description written as one quoted line')
  const closing = fixed.slice(yamlStart + yaml.length, fixed.length - body.length)
  return { text: `${fixed.slice(0, yamlStart)}${rewritten}${closing}${body}`, changes }
}

function rewriteDescription(yaml: string | undefined): string | undefined {
  if (yaml === undefined) return undefined
  const doc = parseDocument(yaml, { schema: 'failsafe', uniqueKeys: false, keepSourceTokens: true })
  if (doc.errors.length > 0 || doc.contents === null || !('items' in doc.contents)) return undefined
  const pair = (doc.contents.items as Pair[]).find(
    (item) => isScalar(item.key) && item.key.value === 'description',
  )
  const node = pair?.value
  if (!isScalar(node) || typeof node.value !== 'string' || !node.range) return yaml
  const source = yaml.slice(node.range[0], node.range[1])
  if (node.type === Scalar.QUOTE_DOUBLE && !source.includes('\n')) return yaml
  const single = node.value.trim().replace(/\s+/g, ' ')
  // JSON strings are valid YAML 1.2 double-quoted scalars.
  const replacement = JSON.stringify(single)
  const end =
    node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL
      ? trimBlockEnd(yaml, node.range[1])
      : node.range[1]
  const newline = end < yaml.length && yaml[end] !== '\n' ? '\n' : ''
  return `${yaml.slice(0, node.range[0])}${replacement}${newline}${yaml.slice(end)}`
}

// A block scalar's range includes its trailing line break(s); keep them for the next key.
function trimBlockEnd(yaml: string, end: number): number {
  let cut = end
  while (cut > 0 && yaml[cut - 1] === '\n') cut -= 1
  return cut
}

const plainColonDescription = /^description:[ \t]+([^'"|>\s][^\n]*:\s[^\n]*)$/m

function quoteColonDescription(yaml: string): string | undefined {
  const match = plainColonDescription.exec(yaml)
  if (!match || match[1] === undefined) return undefined
  const value = match[1].replace(/\s+#.*$/, '').trim()
  return yaml.replace(plainColonDescription, `description: ${JSON.stringify(value)}`)
}
