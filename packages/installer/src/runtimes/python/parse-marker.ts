import { skipSpace, type TextCursor, take } from './text-cursor.js'

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
