// PEP 508 requirements as skills declare them, normalised, with the PEP 440 versions and
// specifier clauses they are made of: all that a frozen install runs to key an environment.
// Specifier sets and matching live in pep440-specifier.ts, markers in pep508-marker.ts.
import { compareText } from '@skillship/core/plain-data'
import { parseMarker } from './pep508-marker.js'

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
const specifierVersionPattern = /[^\s,;()]+/y
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
  const cursor = new TextCursor(text)
  cursor.skipSpace()
  const rawName = cursor.take(namePattern)
  if (rawName === undefined) fail(cursor, 'a distribution name')
  const name = normalizePackageName(rawName)
  cursor.skipSpace()
  const extras = text[cursor.at] === '[' ? parseExtras(cursor) : []
  cursor.skipSpace()
  let target = ''
  if (text[cursor.at] === '@') {
    cursor.at++
    cursor.skipSpace()
    const url = cursor.take(urlPattern)
    if (url === undefined || !url.includes(':')) fail(cursor, 'a URL after "@"')
    target = ` @ ${url}`
  } else {
    target = parseSpecifiers(cursor)
  }
  cursor.skipSpace()
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
  cursor.skipSpace()
  if (cursor.text[cursor.at] === ']') {
    cursor.at++
    return []
  }
  for (;;) {
    cursor.skipSpace()
    const extra = cursor.take(namePattern)
    if (extra === undefined) fail(cursor, 'an extra name')
    extras.add(normalizePackageName(extra))
    cursor.skipSpace()
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
  cursor.skipSpace()
  operatorPattern.lastIndex = cursor.at
  if (operatorPattern.test(cursor.text)) {
    for (;;) {
      clauses.add(parseClause(cursor))
      cursor.skipSpace()
      if (cursor.text[cursor.at] !== ',') break
      cursor.at++
      cursor.skipSpace()
    }
  }
  if (parenthesised) {
    cursor.skipSpace()
    if (cursor.text[cursor.at] !== ')') fail(cursor, '")"')
    cursor.at++
  }
  return [...clauses].sort(compareText).join(',')
}

function parseClause(cursor: TextCursor): string {
  const operator = cursor.take(operatorPattern)
  if (operator === undefined) fail(cursor, 'a version operator')
  cursor.skipSpace()
  const start = cursor.at
  const version = cursor.take(specifierVersionPattern)
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

/** A position in a line being parsed, with the scanning steps the PEP 508 grammar needs. */
class TextCursor {
  readonly text: string
  at = 0

  constructor(text: string) {
    this.text = text
  }

  /** Consumes and returns what the sticky `pattern` matches here, or undefined. */
  take(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.at
    const match = pattern.exec(this.text)
    if (match === null) return undefined
    this.at = pattern.lastIndex
    return match[0]
  }

  /** Skips spaces and tabs (PEP 508 `wsp`). */
  skipSpace(): void {
    while (this.text[this.at] === ' ' || this.text[this.at] === '\t') this.at++
  }
}

/** A PEP 440 version, normalised: `1.0-RC1` and `1.0rc1` parse to the same value. */
export interface Pep440Version {
  readonly epoch: number
  readonly release: readonly number[]
  readonly pre: { readonly label: 'a' | 'b' | 'rc'; readonly number: number } | undefined
  readonly post: number | undefined
  readonly dev: number | undefined
  /** Local segments (`+ubuntu.1` -> ['ubuntu', 1]); undefined without a local label. */
  readonly local: readonly (string | number)[] | undefined
}

// PEP 440 appendix B, the canonical pattern (case-insensitive, surrounding whitespace allowed).
const versionPattern = new RegExp(
  [
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
  ].join(''),
  'i',
)

const preLabels: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
}

/** Parses a PEP 440 version, or returns undefined when `text` is not one. */
export function parsePep440Version(text: string): Pep440Version | undefined {
  const groups = versionPattern.exec(text)?.groups
  if (groups === undefined || groups['release'] === undefined) return undefined
  const preLabel =
    groups['preL'] === undefined ? undefined : preLabels[groups['preL'].toLowerCase()]
  return {
    epoch: groups['epoch'] === undefined ? 0 : Number(groups['epoch']),
    release: groups['release'].split('.').map(Number),
    pre:
      preLabel === undefined ? undefined : { label: preLabel, number: Number(groups['preN'] ?? 0) },
    post:
      groups['post'] === undefined ? undefined : Number(groups['postN1'] ?? groups['postN2'] ?? 0),
    dev: groups['dev'] === undefined ? undefined : Number(groups['devN'] ?? 0),
    local: groups['local']
      ?.toLowerCase()
      .split(/[-_.]/)
      .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part)),
  }
}

/** Orders two versions as PEP 440 does: negative when `a` sorts before `b`, 0 when equal. */
export function comparePep440Versions(a: Pep440Version, b: Pep440Version): number {
  return (
    a.epoch - b.epoch ||
    compareReleases(a.release, b.release) ||
    preRank(a) - preRank(b) ||
    (a.pre !== undefined && b.pre !== undefined ? a.pre.number - b.pre.number : 0) ||
    (a.post ?? -1) - (b.post ?? -1) ||
    (a.dev ?? Number.POSITIVE_INFINITY) - (b.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocals(a.local, b.local)
  )
}

/** The version without its local label (`1.0+abc` -> `1.0`), as specifiers compare it. */
export function publicPep440Version(version: Pep440Version): Pep440Version {
  return { ...version, local: undefined }
}

/** Release segments compared with trailing zeros ignored (`1.0` == `1.0.0`). */
export function compareReleases(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

// A dev release without pre or post (1.0.dev1) sorts before every pre-release of 1.0; a final
// release sorts after them all.
function preRank(version: Pep440Version): number {
  if (version.pre !== undefined) return { a: 1, b: 2, rc: 3 }[version.pre.label]
  if (version.post === undefined && version.dev !== undefined) return 0
  return 4
}

// No local label sorts first; numeric segments sort after alphanumeric ones; a longer label wins
// when one is a prefix of the other.
function compareLocals(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): number {
  if (a === undefined || b === undefined)
    return (a === undefined ? 0 : 1) - (b === undefined ? 0 : 1)
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = compareLocalSegments(a[index] ?? 0, b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}

function compareLocalSegments(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return 1
  if (typeof b === 'number') return -1
  return compareText(a, b)
}

type Operator = '~=' | '===' | '==' | '!=' | '<=' | '>=' | '<' | '>'

/** One clause of a specifier set (`>=3.9`, `==3.*`). */
export interface SpecifierClause {
  readonly operator: Operator
  readonly text: string
  /** Undefined for `===` (arbitrary equality compares strings). */
  readonly version: Pep440Version | undefined
  readonly wildcard: boolean
}

// Wildcards are only allowed after an epoch and a release: `==3.*`, `!=1!2.0.*`.
const wildcardVersion = /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*\.\*$/i
const operators: ReadonlySet<string> = new Set(['~=', '===', '==', '!=', '<=', '>=', '<', '>'])

/** A parsed clause or specifier set, or what is wrong with it (a phrase for messages). */
export type SpecifierParse<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: string }

/**
 * One clause from its operator and version text (`~=`, `2.2`), as PEP 440 allows it: wildcards
 * only with == and != (and only after a release), local versions only with == and !=, `~=` with
 * at least two release numbers, anything but whitespace after `===`.
 */
export function parseSpecifierClause(
  operator: string,
  text: string,
): SpecifierParse<SpecifierClause> {
  const clause = `${operator}${text}`
  if (!isOperator(operator))
    return { ok: false, problem: `'${operator}' is not a version operator` }
  if (operator === '===') {
    return /\s/.test(text) || text === ''
      ? { ok: false, problem: `'${clause}' needs one word after ===` }
      : { ok: true, value: { operator, text, version: undefined, wildcard: false } }
  }
  const wildcard = wildcardVersion.test(text)
  if (wildcard && operator !== '==' && operator !== '!=') {
    return { ok: false, problem: `a wildcard is only allowed with == and != ('${clause}')` }
  }
  const version = parsePep440Version(wildcard ? text.slice(0, -2) : text)
  if (version === undefined || /\s/.test(text)) {
    return { ok: false, problem: `'${text}' is not a PEP 440 version` }
  }
  if (version.local !== undefined && operator !== '==' && operator !== '!=') {
    return { ok: false, problem: `a local version is only allowed with == and != ('${clause}')` }
  }
  if (operator === '~=' && version.release.length < 2) {
    return { ok: false, problem: `~= needs at least two release numbers ('${clause}')` }
  }
  return { ok: true, value: { operator, text, version, wildcard } }
}

/** The clause written without spaces (`>=3.10`), as declarations are normalised. */
export function formatSpecifierClause(clause: SpecifierClause): string {
  return `${clause.operator}${clause.text}`
}

function isOperator(operator: string): operator is Operator {
  return operators.has(operator)
}

/**
 * A PEP 503 normalised distribution name (also extras, PEP 685): lowercase, each run of `-`, `_`,
 * `.` one `-`, surrounding whitespace removed. `Foo_Bar` and `foo.bar` name the same distribution.
 */
export function normalizePackageName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-')
}
