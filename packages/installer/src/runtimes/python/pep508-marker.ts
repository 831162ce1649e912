// PEP 508 environment markers (`python_version >= "3.9" and sys_platform == "linux"`), parsed
// and normalised after the `;` of a requirement.

/** What the marker parser reads from: the requirement parser's cursor (requirements.ts). */
export interface MarkerCursor {
  readonly text: string
  at: number
  /** Consumes and returns what the sticky `pattern` matches here, or undefined. */
  take(pattern: RegExp): string | undefined
  /** Skips spaces and tabs. */
  skipSpace(): void
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
export function parseMarker(cursor: MarkerCursor, fail: (expected: string) => never): string {
  const parser = new MarkerParser(cursor, fail)
  const marker = parser.or()
  cursor.skipSpace()
  if (cursor.at < cursor.text.length) fail('"and", "or" or the end of the marker')
  return marker
}

class MarkerParser {
  readonly #cursor: MarkerCursor
  readonly #fail: (expected: string) => never

  constructor(cursor: MarkerCursor, fail: (expected: string) => never) {
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
    this.#cursor.skipSpace()
    if (this.#cursor.text[this.#cursor.at] === '(') {
      this.#cursor.at++
      const inner = this.or()
      this.#cursor.skipSpace()
      if (this.#cursor.text[this.#cursor.at] !== ')') this.#fail('")"')
      this.#cursor.at++
      return `(${inner})`
    }
    const left = this.#value()
    const operator = this.#operator()
    return `${left} ${operator} ${this.#value()}`
  }

  #value(): string {
    this.#cursor.skipSpace()
    const quoted = this.#cursor.take(stringPattern)
    if (quoted !== undefined) {
      const value = quoted.slice(1, -1)
      return value.includes('"') ? `'${value}'` : `"${value}"`
    }
    const start = this.#cursor.at
    const word = this.#cursor.take(wordPattern)
    if (word !== undefined && markerVariables.has(word)) return word
    this.#cursor.at = start
    return this.#fail('a marker variable (e.g. python_version) or a quoted string')
  }

  #operator(): string {
    this.#cursor.skipSpace()
    const comparison = this.#cursor.take(comparisonPattern)
    if (comparison !== undefined) return comparison
    if (this.#takeWord('in')) return 'in'
    if (this.#takeWord('not') && this.#takeWord('in')) return 'not in'
    return this.#fail('a marker operator (==, <, in, not in, ...)')
  }

  #takeWord(expected: string): boolean {
    this.#cursor.skipSpace()
    const start = this.#cursor.at
    if (this.#cursor.take(wordPattern) === expected) return true
    this.#cursor.at = start
    return false
  }
}
