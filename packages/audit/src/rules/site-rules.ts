import { createHash } from 'node:crypto'
import { SkillshipError } from '@skillship/core'
import { AuditErrorCode } from '../errors/audit-error-codes.js'
import { buildTextView, resolveShellVariables, unsplice } from '../normalize/text-view.js'
import { categories, confidences, type Severity, type Surface, severities } from '../types.js'
import type { Rule } from './rule.js'
import { compileRules, ruleMatches } from './run-rules.js'

/** A rule pack: its version (stored with every verdict) and its pattern rules. */
export interface RulePack {
  readonly version: string
  readonly rules: readonly Rule[]
}

const surfaces: readonly Surface[] = [
  'frontmatter',
  'prose',
  'code',
  'hidden',
  'script',
  'manifest',
  'config',
]
const maxSiteRules = 200
const maxPatternLength = 2000

/**
 * An operator's site rules on top of the shipped pack (`{ "overrides": { "<rule id>": { "severity",
 * "confidence" } }, "rules": [<rule>...] }`, docs/audit.md): a pattern rule's severity or
 * confidence turned up or down, and new pattern rules (ids `SITE-...`, with positive and negative
 * examples that must behave, checked here). The result's version is the base version plus a digest
 * of the site rules, so stored verdicts of another pack are told apart and re-judged. Throws
 * AUDIT_POLICY_INVALID naming the first bad entry.
 */
export function applySiteRules(base: RulePack, input: unknown): RulePack {
  const record = object(input, 'the site rules')
  const overrides = object(record['overrides'] ?? {}, 'overrides')
  const known = new Map(base.rules.map((rule) => [rule.id, rule]))
  for (const id of Object.keys(overrides))
    if (!known.has(id)) throw invalid(`overrides.${id}: no pattern rule has this id`)
  const rules = base.rules.map((rule) =>
    overrides[rule.id] === undefined ? rule : overrideRule(rule, overrides[rule.id]),
  )
  const added = record['rules'] ?? []
  if (!Array.isArray(added) || added.length > maxSiteRules)
    throw invalid(`rules must be a list of at most ${maxSiteRules} rules`)
  const siteRules = added.map((entry, i) => siteRule(entry, `rules[${i}]`))
  const ids = new Set([...known.keys()])
  for (const rule of siteRules) {
    if (ids.has(rule.id)) throw invalid(`rules: the id ${rule.id} is used twice`)
    ids.add(rule.id)
  }
  const digest = createHash('sha256').update(JSON.stringify({ overrides, added })).digest('hex')
  return { version: `${base.version}+site.${digest.slice(0, 12)}`, rules: [...rules, ...siteRules] }
}

function overrideRule(rule: Rule, raw: unknown): Rule {
  const entry = object(raw, `overrides.${rule.id}`)
  const severity = entry['severity'] ?? rule.severity
  const confidence = entry['confidence'] ?? rule.confidence
  if (!oneOf(severities, severity)) throw invalid(`overrides.${rule.id}.severity is not a severity`)
  if (!oneOf(confidences, confidence))
    throw invalid(`overrides.${rule.id}.confidence is not a confidence`)
  return { ...rule, severity, confidence }
}

function siteRule(raw: unknown, at: string): Rule {
  const e = object(raw, at)
  const id = text(e, 'id', at)
  if (!/^SITE-[A-Z0-9]{1,12}-\d{3}$/.test(id)) throw invalid(`${at}.id must look like SITE-ORG-001`)
  const severity = e['severity']
  const confidence = e['confidence'] ?? 'high'
  const category = e['category']
  if (!oneOf(severities, severity)) throw invalid(`${at}.severity is not a severity`)
  if (!oneOf(confidences, confidence)) throw invalid(`${at}.confidence is not a confidence`)
  if (!oneOf(categories, category)) throw invalid(`${at}.category is not a category`)
  const rule: Rule = {
    id,
    title: text(e, 'title', at),
    category,
    severity: severity as Severity,
    confidence,
    surfaces: surfaceList(e['surfaces'] ?? 'all', at),
    keywords: textList(e['keywords'], `${at}.keywords`).map((k) => k.toLowerCase()),
    pattern: text(e, 'pattern', at),
    remediation: text(e, 'remediation', at),
    examples: examples(e['examples'], at),
  }
  checkExamples(rule, at)
  return rule
}

function checkExamples(rule: Rule, at: string): void {
  let compiled: ReturnType<typeof compileRules>[number]
  try {
    compiled = compileRules([rule])[0] as ReturnType<typeof compileRules>[number]
    void compiled.pattern
  } catch (error) {
    throw invalid(`${at}.pattern is not an RE2 pattern`, error)
  }
  const view = (sample: string) => buildTextView(resolveShellVariables(unsplice(sample)), 1)
  for (const sample of rule.examples.positive)
    if (!ruleMatches(compiled, view(sample)))
      throw invalid(`${at}: the positive example ${JSON.stringify(sample)} does not match`)
  for (const sample of rule.examples.negative)
    if (ruleMatches(compiled, view(sample)))
      throw invalid(`${at}: the negative example ${JSON.stringify(sample)} matches`)
}

function examples(raw: unknown, at: string): Rule['examples'] {
  const e = object(raw, `${at}.examples`)
  const positive = textList(e['positive'], `${at}.examples.positive`)
  const negative = textList(e['negative'], `${at}.examples.negative`)
  return { positive, negative }
}

function surfaceList(raw: unknown, at: string): Rule['surfaces'] {
  if (raw === 'all') return 'all'
  const list = textList(raw, `${at}.surfaces`)
  for (const s of list) if (!oneOf(surfaces, s)) throw invalid(`${at}.surfaces: '${s}' is unknown`)
  return list as Surface[]
}

function text(record: Record<string, unknown>, field: string, at: string): string {
  const value = record[field]
  const limit = field === 'pattern' ? maxPatternLength : 1000
  if (typeof value !== 'string' || value.trim() === '' || value.length > limit)
    throw invalid(`${at}.${field} must be a non-empty string of at most ${limit} characters`)
  return value
}

function textList(raw: unknown, at: string): string[] {
  if (
    !Array.isArray(raw) ||
    raw.length === 0 ||
    raw.length > 64 ||
    !raw.every((v) => typeof v === 'string' && v !== '' && v.length <= 2000)
  )
    throw invalid(`${at} must be a list of 1 to 64 non-empty strings`)
  return raw as string[]
}

function oneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value)
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${what} must be an object`)
  return value as Record<string, unknown>
}

function invalid(message: string, cause?: unknown): SkillshipError {
  return new SkillshipError(AuditErrorCode.PolicyInvalid, `Site rules: ${message}`, {
    hint: 'See "Site rules" in docs/audit.md for the format.',
    ...(cause === undefined ? {} : { cause }),
  })
}
