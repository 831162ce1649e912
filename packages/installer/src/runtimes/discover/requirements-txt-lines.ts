/** One logical line of a requirements file: continuations joined, comment removed, trimmed. */
export interface RequirementsTxtLine {
  /** 1-based number of the line it starts on. */
  readonly line: number
  readonly text: string
}

const comment = /(^|\s+)#.*$/

/**
 * Splits a requirements file the way pip does: a line ending in `\` continues on the next one
 * (joined without a separator), `#` starts a comment at the line start or after whitespace, and
 * lines left empty are dropped.
 */
export function requirementsTxtLines(content: string): RequirementsTxtLine[] {
  const physical = content.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)
  const logical: RequirementsTxtLine[] = []
  let pending: string[] = []
  let pendingLine = 0
  physical.forEach((raw, index) => {
    const isComment = /^\s*#/.test(raw)
    if (raw.endsWith('\\') && !isComment) {
      if (pending.length === 0) pendingLine = index + 1
      pending.push(raw.replace(/^\\+|\\+$/g, ''))
      return
    }
    if (pending.length > 0) {
      // As in pip, a comment line ends a continuation and stays a comment.
      logical.push({ line: pendingLine, text: `${pending.join('')}${isComment ? ' ' : ''}${raw}` })
      pending = []
    } else {
      logical.push({ line: index + 1, text: raw })
    }
  })
  if (pending.length > 0) logical.push({ line: pendingLine, text: pending.join('') })
  return logical
    .map(({ line, text }) => ({ line, text: text.replace(comment, '').trim() }))
    .filter(({ text }) => text !== '')
}
