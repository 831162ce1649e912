import { compareText } from '@skillship/core/plain-data'
import { normalizePackageName } from './normalize-package-name.js'
import { parseMarker } from './parse-marker.js'
import { formatSpecifierClause, parseSpecifierClause } from './pep440-specifier.js'
import { skipSpace, type TextCursor, take } from './text-cursor.js'

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
