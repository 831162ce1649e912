import { RE2JS } from 're2js'
import type { WorkBudget } from '../budget.js'
import type { TextView } from '../normalize/text-view.js'
import type { Surface } from '../types.js'
import type { Rule } from './rule.js'

// re2js: a port of RE2 (linear-time automata, no backtracking), so no input can make a rule slow.
// Chosen over re2-wasm (a native build step) and the JS engine (backtracking).
const flags = RE2JS.CASE_INSENSITIVE

export interface CompiledRule {
  readonly rule: Rule
  readonly pattern: RE2JS
  readonly unless: RE2JS | undefined
}

export interface RuleHit {
  readonly rule: Rule
  /** Offset of the match in the view. */
  readonly offset: number
  readonly text: string
}

const compiledCache = new WeakMap<readonly Rule[], CompiledRule[]>()

export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  const cached = compiledCache.get(rules)
  if (cached) return cached
  const compiled = rules.map((rule) => ({
    rule,
    pattern: RE2JS.compile(widenGaps(rule.pattern), flags),
    unless: rule.unless === undefined ? undefined : RE2JS.compile(rule.unless, flags),
  }))
  compiledCache.set(rules, compiled)
  return compiled
}

const maxHitsPerRule = 3
// Rules run on windows around their keywords, so a long gap in a pattern cannot reach past the
// window; inside it an unbounded gap costs one automaton state where `{0,300}` costs 300.
const windowBefore = 240
const windowAfter = 480

/** `{0,N}` with N >= 100 becomes `*`: locality comes from the keyword window instead. */
export function widenGaps(pattern: string): string {
  return pattern.replace(/\{0,(\d{3,})\}/g, '*')
}

/** Positions of every keyword of the pack in the lower-cased view, found in one scan. */
export type KeywordHits = ReadonlyMap<string, readonly number[]>

const keywordScanners = new WeakMap<readonly CompiledRule[], RegExp>()

// Keywords are plain literals, so this alternation cannot backtrack beyond a keyword's length.
function scannerFor(rules: readonly CompiledRule[]): RegExp {
  let scanner = keywordScanners.get(rules)
  if (scanner === undefined) {
    const words = [...new Set(rules.flatMap((c) => c.rule.keywords).filter((k) => k !== ''))]
    words.sort((x, y) => y.length - x.length)
    scanner = new RegExp(words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g')
    keywordScanners.set(rules, scanner)
  }
  return scanner
}

export function scanKeywords(
  rules: readonly CompiledRule[],
  lower: string,
  budget?: WorkBudget,
): KeywordHits {
  const cap = budget?.limits.maxKeywordHits ?? 2048
  const hits = new Map<string, number[]>()
  const all = new Set(rules.flatMap((c) => c.rule.keywords))
  for (const m of lower.matchAll(scannerFor(rules))) {
    const list = hits.get(m[0]) ?? []
    if (list.length < cap) list.push(m.index)
    else budget?.exhaust(`keyword '${m[0]}' occurs more than ${cap} times in one text`)
    hits.set(m[0], list)
  }
  // A shorter keyword inside a longer match ("env" inside "environ") is found here.
  for (const k of all) {
    if (k === '' || hits.has(k)) continue
    const at = lower.indexOf(k)
    if (at === -1) continue
    const list: number[] = []
    for (let i = at; i !== -1 && list.length < cap; i = lower.indexOf(k, i + k.length)) list.push(i)
    hits.set(k, list)
  }
  return hits
}

function keywordWindows(
  length: number,
  keywords: readonly string[],
  hits: KeywordHits,
): Array<[number, number]> {
  if (keywords.includes('')) return [[0, length]]
  const starts = keywords.flatMap((k) => hits.get(k) ?? [])
  if (starts.length === 0) return []
  starts.sort((a, b) => a - b)
  const windows: Array<[number, number]> = []
  for (const at of starts) {
    const start = Math.max(0, at - windowBefore)
    const end = Math.min(length, at + windowAfter)
    const last = windows[windows.length - 1]
    if (last !== undefined && start <= last[1]) last[1] = Math.max(last[1], end)
    else windows.push([start, end])
  }
  return windows
}

/** Runs every rule that applies to `surface` on the view; at most three hits per rule. */
export function runRules(
  rules: readonly CompiledRule[],
  view: TextView,
  surface: Surface,
  budget?: WorkBudget,
): RuleHit[] {
  const hits: RuleHit[] = []
  const keywordHits = scanKeywords(rules, view.lower, budget)
  for (const compiled of rules) {
    const { rule } = compiled
    if (rule.surfaces !== 'all' && !rule.surfaces.includes(surface)) continue
    let found = 0
    let lastEnd = -1
    for (const [start, end] of keywordWindows(view.lower.length, rule.keywords, keywordHits)) {
      if (found >= maxHitsPerRule) break
      if (budget !== undefined && !budget.spendScan(end - start)) return hits
      const text = view.text.slice(start, end)
      if (!compiled.pattern.test(text)) continue
      const matcher = compiled.pattern.matcher(text)
      let from = 0
      while (found < maxHitsPerRule && from <= text.length && matcher.find(from)) {
        const at = start + matcher.start()
        const until = start + matcher.end()
        from = matcher.end() > matcher.start() ? matcher.end() : matcher.start() + 1
        if (at < lastEnd) continue
        lastEnd = until
        if (compiled.unless && isExcused(compiled.unless, view.text, at, until)) continue
        hits.push({ rule, offset: at, text: view.text.slice(at, Math.min(until, at + 160)) })
        found += 1
      }
    }
  }
  return hits
}

function isExcused(unless: RE2JS, text: string, start: number, end: number): boolean {
  return unless.matcher(text.slice(Math.max(0, start - 48), end)).find()
}

/** True when the rule's pattern matches `text` as the audit would see it (used by the tests). */
export function ruleMatches(compiled: CompiledRule, view: TextView): boolean {
  return runRules([compiled], view, firstSurface(compiled.rule)).length > 0
}

function firstSurface(rule: Rule): Surface {
  return rule.surfaces === 'all' ? 'script' : (rule.surfaces[0] ?? 'script')
}
