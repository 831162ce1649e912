import { compareText } from '@skillship/core/plain-data'
import { formatSpecifierClause, normalizePackageName, parseSpecifierClause } from './pep440.js'

/** A PEP 508 requirement, normalised so that equal declarations compare equal as text. */
export interface Requirement {
  /** PEP 503-normalised distribution name. */
  readonly name: string
  /** The normalised marker, or undefined. */
  readonly marker: string | undefined
  /**
   * `name[extras]specifiers; marker` or `name[extras] @ url ; marker`: name and extras
   * normalised, extras and specifier clauses sorted and deduplicated, marker tokens single-spaced.
   */
  readonly text: string
}

/** A parsed requirement, or what is wrong with the text. */
export type RequirementResult =
  | { readonly ok: true; readonly requirement: Requirement }
  | { readonly ok: false; readonly problem: string }

const namePattern = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y
const operatorPattern = /===|~=|==|!=|<=|>=|<|>/y
const versionPattern = /[^\s,;()]+/y
const urlPattern = /\S+/y
class RequirementSyntaxError extends Error {}

/** Parses one PEP 508 requirement (no pip options, no bare paths or URLs). */
export function parseRequirement(text: string): RequirementResult {
  try {
    return { ok: true, requirement: parse(text) }
  } catch (error) {
    if (error instanceof RequirementSyntaxError) return { ok: false, problem: error.message }
    throw error
  }
}

function parse(text: string): Requirement {
  const cursor: TextCursor = { text, at: 0 }
  skipSpace(cursor)
  const rawName = take(cursor, namePattern)
  if (rawName === undefined) fail(cursor, 'a distribution name')
  const name = normalizePackageName(rawName)
  skipSpace(cursor)
  const extras = text[cursor.at] === '[' ? parseExtras(cursor) : []
  skipSpace(cursor)
  let target = ''
  if (text[cursor.at] === '@') {
    cursor.at++
    skipSpace(cursor)
    const url = take(cursor, urlPattern)
    if (url === undefined || !url.includes(':')) fail(cursor, 'a URL after "@"')
    target = ` @ ${url}`
  } else {
    target = parseSpecifiers(cursor)
  }
  skipSpace(cursor)
  let marker: string | undefined
  if (text[cursor.at] === ';') {
    cursor.at++
    marker = parseMarker(cursor, (expected) => fail(cursor, expected))
  }
  if (cursor.at < text.length) fail(cursor, marker === undefined ? '";" or the end' : 'the end')
  const extrasText = extras.length === 0 ? '' : `[${extras.join(',')}]`
  const markerText = marker === undefined ? '' : `${target.startsWith(' @') ? ' ' : ''}; ${marker}`
  return { name, marker, text: `${name}${extrasText}${target}${markerText}` }
}

function parseExtras(cursor: TextCursor): string[] {
  cursor.at++
  const extras = new Set<string>()
  skipSpace(cursor)
  if (cursor.text[cursor.at] === ']') {
    cursor.at++
    return []
  }
  for (;;) {
    skipSpace(cursor)
    const extra = take(cursor, namePattern)
    if (extra === undefined) fail(cursor, 'an extra name')
    extras.add(normalizePackageName(extra))
    skipSpace(cursor)
    const next = cursor.text[cursor.at++]
    if (next === ']') return [...extras].sort(compareText)
    if (next !== ',') {
      cursor.at--
      fail(cursor, '"," or "]"')
    }
  }
}

function parseSpecifiers(cursor: TextCursor): string {
  const parenthesised = cursor.text[cursor.at] === '('
  if (parenthesised) cursor.at++
  const clauses = new Set<string>()
  skipSpace(cursor)
  operatorPattern.lastIndex = cursor.at
  if (operatorPattern.test(cursor.text)) {
    for (;;) {
      clauses.add(parseClause(cursor))
      skipSpace(cursor)
      if (cursor.text[cursor.at] !== ',') break
      cursor.at++
      skipSpace(cursor)
    }
  }
  if (parenthesised) {
    skipSpace(cursor)
    if (cursor.text[cursor.at] !== ')') fail(cursor, '")"')
    cursor.at++
  }
  return [...clauses].sort(compareText).join(',')
}

function parseClause(cursor: TextCursor): string {
  const operator = take(cursor, operatorPattern)
  if (operator === undefined) fail(cursor, 'a version operator')
  skipSpace(cursor)
  const start = cursor.at
  const version = take(cursor, versionPattern)
  if (version === undefined) fail(cursor, 'a version')
  const clause = parseSpecifierClause(operator, version)
  if (!clause.ok) {
    cursor.at = start
    fail(cursor, `a PEP 440 version after "${operator}" (${clause.problem})`)
  }
  return formatSpecifierClause(clause.value)
}

function fail(cursor: TextCursor, expected: string): never {
  throw new RequirementSyntaxError(problemAt(cursor, expected))
}

function problemAt(cursor: TextCursor, expected: string): string {
  const found = cursor.at < cursor.text.length ? `"${cursor.text.slice(cursor.at)}"` : 'the end'
  return `expected ${expected} at column ${cursor.at + 1} of "${cursor.text.trim()}", found ${found}`
}

// PEP 508 environment markers, plus the names packaging still accepts.
const markerVariables = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
  'extras',
  'dependency_groups',
  'os.name',
  'sys.platform',
  'platform.version',
  'platform.machine',
  'platform.python_implementation',
  'python_implementation',
])

const wordPattern = /[A-Za-z_][A-Za-z0-9_.]*/y
const stringPattern = /'[^']*'|"[^"]*"/y
const comparisonPattern = /===|~=|==|!=|<=|>=|<|>/y

/**
 * Parses a PEP 508 marker from the cursor to the end of the text and returns it normalised:
 * tokens separated by one space, no space inside parentheses, strings in double quotes unless
 * they contain one. `fail` reports what was expected at the cursor.
 */
export function parseMarker(cursor: TextCursor, fail: (expected: string) => never): string {
  const parser = new MarkerParser(cursor, fail)
  const marker = parser.or()
  skipSpace(cursor)
  if (cursor.at < cursor.text.length) fail('"and", "or" or the end of the marker')
  return marker
}

class MarkerParser {
  readonly #cursor: TextCursor
  readonly #fail: (expected: string) => never

  constructor(cursor: TextCursor, fail: (expected: string) => never) {
    this.#cursor = cursor
    this.#fail = fail
  }

  or(): string {
    const parts = [this.#and()]
    while (this.#takeWord('or')) parts.push(this.#and())
    return parts.join(' or ')
  }

  #and(): string {
    const parts = [this.#expression()]
    while (this.#takeWord('and')) parts.push(this.#expression())
    return parts.join(' and ')
  }

  #expression(): string {
    skipSpace(this.#cursor)
    if (this.#cursor.text[this.#cursor.at] === '(') {
      this.#cursor.at++
      const inner = this.or()
      skipSpace(this.#cursor)
      if (this.#cursor.text[this.#cursor.at] !== ')') this.#fail('")"')
      this.#cursor.at++
      return `(${inner})`
    }
    const left = this.#value()
    const operator = this.#operator()
    return `${left} ${operator} ${this.#value()}`
  }

  #value(): string {
    skipSpace(this.#cursor)
    const quoted = take(this.#cursor, stringPattern)
    if (quoted !== undefined) {
      const value = quoted.slice(1, -1)
      return value.includes('"') ? `'${value}'` : `"${value}"`
    }
    const start = this.#cursor.at
    const word = take(this.#cursor, wordPattern)
    if (word !== undefined && markerVariables.has(word)) return word
    this.#cursor.at = start
    return this.#fail('a marker variable (e.g. python_version) or a quoted string')
  }

  #operator(): string {
    skipSpace(this.#cursor)
    const comparison = take(this.#cursor, comparisonPattern)
    if (comparison !== undefined) return comparison
    if (this.#takeWord('in')) return 'in'
    if (this.#takeWord('not') && this.#takeWord('in')) return 'not in'
    return this.#fail('a marker operator (==, <, in, not in, ...)')
  }

  #takeWord(expected: string): boolean {
    skipSpace(this.#cursor)
    const start = this.#cursor.at
    if (take(this.#cursor, wordPattern) === expected) return true
    this.#cursor.at = start
    return false
  }
}

/** A position in a line being parsed. */
export interface TextCursor {
  readonly text: string
  at: number
}

/** Consumes and returns what the sticky `pattern` matches at the cursor, or undefined. */
export function take(cursor: TextCursor, pattern: RegExp): string | undefined {
  pattern.lastIndex = cursor.at
  const match = pattern.exec(cursor.text)
  if (match === null) return undefined
  cursor.at = pattern.lastIndex
  return match[0]
}

/** Skips spaces and tabs (PEP 508 `wsp`). */
export function skipSpace(cursor: TextCursor): void {
  while (cursor.text[cursor.at] === ' ' || cursor.text[cursor.at] === '\t') cursor.at++
}
