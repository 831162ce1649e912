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

/**
 * Compiles on first use: most rules' keywords never occur in a given skill, so a process that
 * audits a few skills never pays for their automata (compiling the whole pack costs ~0.5 s).
 */
class LazyRule implements CompiledRule {
  #pattern: RE2JS | undefined
  #unless: RE2JS | undefined
  readonly rule: Rule
  constructor(rule: Rule) {
    this.rule = rule
  }

  get pattern(): RE2JS {
    this.#pattern ??= RE2JS.compile(widenGaps(this.rule.pattern), flags)
    return this.#pattern
  }

  get unless(): RE2JS | undefined {
    if (this.rule.unless === undefined) return undefined
    this.#unless ??= RE2JS.compile(this.rule.unless, flags)
    return this.#unless
  }
}

const compiledCache = new WeakMap<readonly Rule[], CompiledRule[]>()

export function compileRules(rules: readonly Rule[]): CompiledRule[] {
  const cached = compiledCache.get(rules)
  if (cached) return cached
  const compiled = rules.map((rule) => new LazyRule(rule))
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

interface KeywordIndex {
  /** Every position where a keyword starts, with the longest keyword starting there. */
  readonly starts: RegExp
  /** For each keyword, the keywords that are its prefixes (itself included). */
  readonly prefixes: ReadonlyMap<string, readonly string[]>
}

const keywordIndexes = new WeakMap<readonly CompiledRule[], KeywordIndex>()

// Keywords are plain literals, so this alternation cannot backtrack beyond a keyword's length;
// longest first, so the alternative found at a position is the longest keyword starting there.
function indexFor(rules: readonly CompiledRule[]): KeywordIndex {
  let index = keywordIndexes.get(rules)
  if (index === undefined) {
    const words = [...new Set(rules.flatMap((c) => c.rule.keywords).filter((k) => k !== ''))]
    words.sort((x, y) => y.length - x.length)
    const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    index = {
      starts: new RegExp(`(?=(${escaped.join('|')}))`, 'g'),
      prefixes: new Map(words.map((w) => [w, words.filter((k) => w.startsWith(k))])),
    }
    keywordIndexes.set(rules, index)
  }
  return index
}

/**
 * Keyword positions in one pass over the text. A keyword's positions are its leftmost-longest,
 * non-overlapping matches among all keywords; a keyword never found that way (only inside or
 * across longer matches, "env" inside "environ") gets its own non-overlapping occurrences.
 * At most `maxKeywordHits` positions per keyword.
 */
export function scanKeywords(
  rules: readonly CompiledRule[],
  lower: string,
  budget?: WorkBudget,
): KeywordHits {
  const cap = budget?.limits.maxKeywordHits ?? 2048
  const index = indexFor(rules)
  const hits = new Map<string, number[]>()
  const own = new OwnOccurrences(cap)
  let next = 0
  for (const m of lower.matchAll(index.starts)) {
    const at = m.index
    const word = m[1] ?? ''
    if (at >= next) {
      const list = hits.get(word) ?? []
      if (list.length < cap) list.push(at)
      else budget?.exhaust(`keyword '${word}' occurs more than ${cap} times in one text`)
      hits.set(word, list)
      next = at + word.length
    }
    for (const k of index.prefixes.get(word) ?? []) own.add(k, at)
  }
  for (const [k, list] of own.lists) if (!hits.has(k)) hits.set(k, list)
  return hits
}

/** Each keyword's own non-overlapping occurrences, as repeated `indexOf` would find them. */
class OwnOccurrences {
  readonly lists = new Map<string, number[]>()
  readonly #next = new Map<string, number>()
  readonly #cap: number
  constructor(cap: number) {
    this.#cap = cap
  }

  add(keyword: string, at: number): void {
    if (at < (this.#next.get(keyword) ?? 0)) return
    const list = this.lists.get(keyword) ?? []
    if (list.length < this.#cap) list.push(at)
    this.lists.set(keyword, list)
    this.#next.set(keyword, at + keyword.length)
  }
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

const rulesByKeyword = new WeakMap<readonly CompiledRule[], ReadonlyMap<string, number[]>>()

/**
 * Indexes (in pack order) of the rules with a keyword in `hits` or an empty keyword: the only
 * ones with a window to scan, found without visiting the others (most rules, in most segments).
 */
function rulesReached(rules: readonly CompiledRule[], hits: KeywordHits): Set<number> {
  let index = rulesByKeyword.get(rules)
  if (index === undefined) {
    const map = new Map<string, number[]>()
    for (const [i, c] of rules.entries())
      for (const k of new Set(c.rule.keywords)) map.set(k, [...(map.get(k) ?? []), i])
    index = map
    rulesByKeyword.set(rules, index)
  }
  const reached = new Set<number>(index.get('') ?? [])
  for (const [keyword, list] of hits)
    if (list.length > 0) for (const i of index.get(keyword) ?? []) reached.add(i)
  return reached
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
  const reached = rulesReached(rules, keywordHits)
  for (const [i, compiled] of rules.entries()) {
    const { rule } = compiled
    if (!reached.has(i)) continue
    if (rule.surfaces !== 'all' && !rule.surfaces.includes(surface)) continue
    const windows = keywordWindows(view.lower.length, rule.keywords, keywordHits)
    if (!runRule(compiled, view, windows, hits, budget)) break
  }
  return hits
}

interface RuleRun {
  found: number
  /** End of the last match kept: a later match starting before it overlaps and is dropped. */
  lastEnd: number
}

/** Runs one rule on its keyword windows; false when the scan budget ran out. */
function runRule(
  compiled: CompiledRule,
  view: TextView,
  windows: ReadonlyArray<readonly [number, number]>,
  hits: RuleHit[],
  budget: WorkBudget | undefined,
): boolean {
  const run: RuleRun = { found: 0, lastEnd: -1 }
  for (const [start, end] of windows) {
    if (run.found >= maxHitsPerRule) break
    if (budget !== undefined && !budget.spendScan(end - start)) return false
    const text = view.text.slice(start, end)
    if (compiled.pattern.test(text)) matchWindow(compiled, view, start, text, run, hits)
  }
  return true
}

function matchWindow(
  compiled: CompiledRule,
  view: TextView,
  start: number,
  text: string,
  run: RuleRun,
  hits: RuleHit[],
): void {
  const matcher = compiled.pattern.matcher(text)
  let from = 0
  while (run.found < maxHitsPerRule && from <= text.length && matcher.find(from)) {
    const at = start + matcher.start()
    const until = start + matcher.end()
    from = matcher.end() > matcher.start() ? matcher.end() : matcher.start() + 1
    if (at < run.lastEnd) continue
    run.lastEnd = until
    const unless = compiled.unless
    if (unless && isExcused(unless, view.text, at, until)) continue
    hits.push({
      rule: compiled.rule,
      offset: at,
      text: view.text.slice(at, Math.min(until, at + 160)),
    })
    run.found += 1
  }
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
