/**
 * Splits `text` into words the way a POSIX shell would, without expansion: whitespace separates,
 * single quotes keep everything literally, double quotes keep all but `\"`, `\\`, `\$` and `` \` ``
 * escapes, a backslash outside quotes escapes the next character. Returns undefined when a quote
 * is left open or the text ends in a lone backslash.
 */
export function splitShellWords(text: string): string[] | undefined {
  const words: string[] = []
  let word: string | undefined
  let index = 0
  while (index < text.length) {
    const char = text[index] as string
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
      index++
      continue
    }
    const token = readToken(text, index)
    if (token === undefined) return undefined
    word = (word ?? '') + token.value
    index = token.end
  }
  if (word !== undefined) words.push(word)
  return words
}

// One quoted section, escaped character or plain character starting at `start`.
function readToken(text: string, start: number): { value: string; end: number } | undefined {
  const char = text[start]
  if (char === "'") {
    const close = text.indexOf("'", start + 1)
    return close === -1 ? undefined : { value: text.slice(start + 1, close), end: close + 1 }
  }
  if (char === '\\') {
    const next = text[start + 1]
    return next === undefined ? undefined : { value: next, end: start + 2 }
  }
  if (char === '"') return readDoubleQuoted(text, start + 1)
  return { value: char ?? '', end: start + 1 }
}

function readDoubleQuoted(text: string, start: number): { value: string; end: number } | undefined {
  let value = ''
  for (let index = start; index < text.length; index++) {
    const char = text[index] as string
    if (char === '"') return { value, end: index + 1 }
    const next = text[index + 1]
    if (char === '\\' && next !== undefined && '"\\$`'.includes(next)) {
      value += next
      index++
    } else {
      value += char
    }
  }
  return undefined
}
