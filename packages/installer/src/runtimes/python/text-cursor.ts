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
