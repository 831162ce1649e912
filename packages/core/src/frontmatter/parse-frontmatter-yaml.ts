import {
  Composer,
  type Document,
  isAlias,
  isCollection,
  isMap,
  isScalar,
  isSeq,
  LineCounter,
  type Pair,
  Parser,
  visit,
  type Node as YamlNode,
} from 'yaml'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { IssueDraft } from '../validate/skill-issue.js'
import {
  checkFrontmatterShape,
  checkFrontmatterSize,
  defaultFrontmatterLimits,
  type FrontmatterLimits,
} from './frontmatter-limits.js'

/** A frontmatter value. Every scalar is a string, as in the reference validator (strictyaml). */
export type YamlValue = string | null | readonly YamlValue[] | { readonly [key: string]: YamlValue }

/** The frontmatter mapping, with the 1-based SKILL.md line of each top-level key. */
export interface Frontmatter {
  readonly data: { readonly [key: string]: YamlValue }
  readonly fieldLines: { readonly [key: string]: number }
}

export type FrontmatterResult =
  | { readonly ok: true; readonly frontmatter: Frontmatter; readonly issues: readonly IssueDraft[] }
  | { readonly ok: false; readonly issues: readonly IssueDraft[] }

/**
 * Parses frontmatter YAML safely: the failsafe schema (every scalar stays a string, nothing is
 * evaluated), unique keys, no custom tags. Anchors, aliases and explicit tags are refused (errors);
 * flow collections are reported as SKILL_YAML_FLOW_STYLE (an error for the reference validator, a
 * warning for agents that accept them; the target profile decides). `firstLine` is the SKILL.md line
 * the YAML text starts on, so issues point at real lines. The work is bounded before any YAML node
 * is built: `limits` (default `defaultFrontmatterLimits`) caps the bytes, then the keys and list
 * items and the nesting counted on the tokens; everything after is linear in the text.
 */
export function parseFrontmatterYaml(
  yaml: string,
  firstLine: number,
  limits: Partial<FrontmatterLimits> = {},
): FrontmatterResult {
  const bounds = { ...defaultFrontmatterLimits, ...limits }
  const tooLarge = checkFrontmatterSize(yaml, bounds, firstLine)
  if (tooLarge) return { ok: false, issues: [tooLarge] }
  const lines = new LineCounter()
  const lineOf = (offset: number | undefined): number | undefined =>
    offset === undefined ? undefined : lines.linePos(offset).line + firstLine - 1
  const composed = composeBounded(toLf(yaml), bounds, lines, lineOf)
  if (!composed.ok) return composed
  const { contents } = composed.doc
  const refused = findRefusedFeatures(contents, lineOf)
  if (refused.some((issue) => issue.code !== SkillErrorCode.YamlFlowStyle))
    return { ok: false, issues: refused }
  if (!isMap(contents)) {
    return {
      ok: false,
      issues: [
        {
          code: SkillErrorCode.FrontmatterNotMapping,
          message: 'SKILL.md frontmatter must be a YAML mapping of fields',
          hint: 'Write fields as `key: value` lines, starting with `name:` and `description:`.',
          path: 'SKILL.md',
          line: firstLine,
        },
      ],
    }
  }
  const converted = toPlainValue(contents)
  if (typeof converted === 'string' || converted === null || Array.isArray(converted)) {
    throw new Error('a YAML map converted to a non-object')
  }
  const fieldLines: Record<string, number> = Object.create(null)
  for (const pair of contents.items) {
    if (isScalar(pair.key))
      fieldLines[String(pair.key.value)] = lineOf(pair.key.range?.[0]) ?? firstLine
  }
  return {
    ok: true,
    frontmatter: { data: converted as Frontmatter['data'], fieldLines },
    issues: refused,
  }
}

type Composed =
  | { readonly ok: true; readonly doc: Document.Parsed }
  | { readonly ok: false; readonly issues: readonly IssueDraft[] }

/**
 * Tokenises (linear), checks the shape limits on the tokens, then composes the one document.
 * Keys are not compared here: the library compares each key with every earlier one (quadratic,
 * 30,000 keys took 8.6 s), so `findRefusedFeatures` finds duplicates with a set instead.
 */
function composeBounded(
  yaml: string,
  limits: FrontmatterLimits,
  lines: LineCounter,
  lineOf: (offset: number | undefined) => number | undefined,
): Composed {
  const tokens = [...new Parser(lines.addNewLine).parse(yaml)]
  const shape = checkFrontmatterShape(tokens, limits, lineOf)
  if (shape) return { ok: false, issues: [shape] }
  const composer = new Composer({ schema: 'failsafe', uniqueKeys: false, strict: true })
  const [doc, extra] = composer.compose(tokens, true, yaml.length)
  if (doc === undefined) throw new Error('the YAML composer returned no document')
  const errors = doc.errors.map((error) => yamlErrorIssue(error, lineOf(error.pos[0])))
  if (extra !== undefined) errors.push(yamlErrorIssue(multipleDocuments, lineOf(extra.range[0])))
  return errors.length > 0 ? { ok: false, issues: errors } : { ok: true, doc }
}

// YAML 1.2 and skills-ref (Python reads text with universal newlines) end lines at CR too; the
// yaml library only at LF and CRLF. One LF per line break keeps every line number.
function toLf(yaml: string): string {
  return yaml.includes('\r') ? yaml.replace(/\r\n?/g, '\n') : yaml
}

const multipleDocuments = { message: 'the frontmatter holds more than one YAML document' }

function yamlErrorIssue(error: { message: string }, line: number | undefined): IssueDraft {
  const firstLine = error.message.split('\n')[0] ?? error.message
  return {
    code: SkillErrorCode.YamlInvalid,
    message: `Invalid YAML in frontmatter: ${firstLine}`,
    hint: 'Quote values that contain `: ` or start with a special character, e.g. description: "..."',
    path: 'SKILL.md',
    ...(line === undefined ? {} : { line }),
  }
}

function findRefusedFeatures(
  root: unknown,
  lineOf: (offset: number | undefined) => number | undefined,
): IssueDraft[] {
  const issues: IssueDraft[] = []
  const at = (node: YamlNode) => {
    const line = lineOf(node.range?.[0])
    return { path: 'SKILL.md', ...(line === undefined ? {} : { line }) }
  }
  if (root === null || root === undefined) return issues
  visit(root as YamlNode, {
    Map(_key, map) {
      for (const key of duplicateKeys(map.items)) {
        issues.push({
          code: SkillErrorCode.YamlDuplicateKey,
          message: 'SKILL.md frontmatter repeats a key',
          hint: 'Keep one of the repeated keys; agents disagree on which one wins.',
          ...at(key),
        })
      }
    },
    Pair(_key, pair) {
      if (!isScalar(pair.key)) {
        issues.push({
          code: SkillErrorCode.YamlInvalid,
          message: 'Invalid YAML in frontmatter: keys must be plain strings',
          hint: 'Write each field as `key: value`.',
          path: 'SKILL.md',
        })
      }
    },
    Node(_key, node) {
      if (isAlias(node) || node.anchor) {
        issues.push({
          code: SkillErrorCode.YamlAnchor,
          message: 'YAML anchors and aliases are not allowed in frontmatter',
          hint: 'Write each value out in full.',
          ...at(node),
        })
      }
      if (node.tag) {
        issues.push({
          code: SkillErrorCode.YamlTag,
          message: `YAML tag ${node.tag} is not allowed in frontmatter`,
          hint: 'Remove the `!` tag; frontmatter values are plain strings.',
          ...at(node),
        })
      }
      if (isCollection(node) && node.flow) {
        issues.push({
          code: SkillErrorCode.YamlFlowStyle,
          message: 'Flow-style YAML (`[a, b]` or `{a: b}`) is rejected by the reference validator',
          hint: 'Use block style: one `- item` or `key: value` per line.',
          ...at(node),
        })
      }
    },
  })
  return issues
}

// One pass with a set: the keys met again, as scalars (the failsafe schema keeps them strings).
function duplicateKeys(pairs: readonly Pair<unknown, unknown>[]): YamlNode[] {
  const seen = new Set<unknown>()
  const repeated: YamlNode[] = []
  for (const { key } of pairs) {
    if (!isScalar(key)) continue
    if (seen.has(key.value)) repeated.push(key)
    else seen.add(key.value)
  }
  return repeated
}

function toPlainValue(node: unknown): YamlValue {
  if (node === null || node === undefined) return null
  if (isScalar(node))
    return node.value === null || node.value === undefined ? null : String(node.value)
  if (isSeq(node)) return node.items.map((item) => toPlainValue(item))
  if (isMap(node)) return toPlainObject(node.items)
  throw new TypeError('unsupported YAML node')
}

// A null prototype: keys such as __proto__ stay plain data.
function toPlainObject(pairs: readonly { key: unknown; value: unknown }[]): {
  [key: string]: YamlValue
} {
  const out: Record<string, YamlValue> = Object.create(null)
  for (const pair of pairs) {
    if (!isScalar(pair.key)) throw new TypeError('complex mapping key')
    out[String(pair.key.value)] = toPlainValue(pair.value)
  }
  return out
}
