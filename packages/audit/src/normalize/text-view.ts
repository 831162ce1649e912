/**
 * The matching view of a text: invisible characters reported and removed, NFKC per character,
 * look-alike letters folded to Latin, shell string splicing undone, and every whitespace run
 * (newlines included) collapsed to one space, so padding and split lines do not hide a pattern.
 * Offsets in the view map back to 1-based lines of the original text.
 */

export type InvisibleKind = 'zero-width' | 'tag' | 'bidi'

export interface InvisibleMark {
  readonly line: number
  readonly kind: InvisibleKind
}

export interface TextView {
  readonly text: string
  readonly lower: string
  readonly invisible: readonly InvisibleMark[]
  /** ASCII smuggled as Unicode tag characters (U+E0020-E007E), decoded. */
  readonly tagText: string
  /** Letters folded from another script inside otherwise Latin words. */
  readonly homoglyphs: number
  lineAt(offset: number): number
}

// Cyrillic and Greek letters that render like Latin ones (the common confusables).
const homoglyphMap: Readonly<Record<string, string>> = {
  а: 'a',
  в: 'b',
  е: 'e',
  к: 'k',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  і: 'i',
  ј: 'j',
  ԁ: 'd',
  ɡ: 'g',
  һ: 'h',
  ӏ: 'l',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  А: 'A',
  В: 'B',
  Е: 'E',
  К: 'K',
  М: 'M',
  Н: 'H',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  Х: 'X',
  І: 'I',
  Ѕ: 'S',
  Ј: 'J',
  α: 'a',
  ο: 'o',
  ρ: 'p',
  ν: 'v',
  ι: 'i',
  κ: 'k',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ε: 'e',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Χ: 'X',
  Υ: 'Y',
  Ζ: 'Z',
}

function invisibleKind(code: number): InvisibleKind | undefined {
  if (code >= 0xe0000 && code <= 0xe007f) return 'tag'
  if ((code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069)) return 'bidi'
  if (
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x2060 && code <= 0x2064) ||
    code === 0xfeff ||
    code === 0x00ad ||
    code === 0x180e ||
    code === 0x034f
  )
    return 'zero-width'
  return undefined
}

const isWhitespace = (ch: string): boolean => /\s/.test(ch)

/** Undoes shell splicing (`c""url`, `c\url`, `"cu"+"rl"`) line by line; line count unchanged. */
export function unsplice(text: string): string {
  return text
    .replace(/([A-Za-z0-9])(?:""|'')(?=[A-Za-z0-9])/g, '$1')
    .replace(/([A-Za-z])\\(?=[a-z])/g, '$1')
    .replace(/(["'])[ \t]*\+[ \t]*\1/g, '')
    .replace(/\\\r?\n/g, ' \n')
    .replace(/\\ /g, ' ')
}

/**
 * Substitutes simple shell variables (`a=cu; b=rl; $a$b`) so indirection does not hide a
 * command. Bounded: at most 64 names, values up to 200 characters, one pass.
 */
export function resolveShellVariables(text: string): string {
  const values = new Map<string, string>()
  for (const m of text.matchAll(
    /(?:^|[\s;&|(])([A-Za-z_][A-Za-z0-9_]{0,30})=(["']?)([^\s"';|&`]{1,200})\2/g,
  )) {
    if (values.size >= 64) break
    if (m[1] !== undefined && m[3] !== undefined) values.set(m[1], m[3])
  }
  if (values.size === 0) return text
  return text.replace(
    /\$\{?([A-Za-z_][A-Za-z0-9_]{0,30})\}?/g,
    (all, name: string) => values.get(name) ?? all,
  )
}

/** Accumulates the view one piece at a time; whitespace runs become one pending space. */
class ViewBuilder {
  readonly out: string[] = []
  readonly breaks: number[] = []
  readonly invisible: InvisibleMark[] = []
  tagText = ''
  homoglyphs = 0
  line: number
  length = 0
  pendingSpace = false
  pendingBreaks = 0
  prev = ''

  constructor(firstLine: number) {
    this.line = firstLine
  }

  newline(): void {
    this.line += 1
    this.pendingSpace = true
    this.pendingBreaks += 1
  }

  hidden(code: number, kind: InvisibleKind): void {
    // A zero-width joiner inside an emoji sequence (👩‍💻) is not hiding anything.
    const emojiJoiner = code === 0x200d && !/[A-Za-z0-9]/.test(this.prev)
    if (!emojiJoiner) this.invisible.push({ line: this.line, kind })
    if (kind === 'tag' && code >= 0xe0020 && code <= 0xe007e)
      this.tagText += String.fromCharCode(code - 0xe0000)
  }

  append(piece: string, last: string): void {
    if (this.pendingSpace) {
      if (this.length > 0) {
        this.out.push(' ')
        this.length += 1
      }
      for (let i = 0; i < this.pendingBreaks; i += 1) this.breaks.push(this.length)
      this.pendingSpace = false
      this.pendingBreaks = 0
    }
    this.out.push(piece)
    this.length += piece.length
    this.prev = last
  }

  /** One code point outside the printable ASCII runs. */
  other(ch: string, code: number): void {
    const kind = code > 0x7f ? invisibleKind(code) : undefined
    if (ch === '\n') this.newline()
    else if (kind !== undefined) this.hidden(code, kind)
    else if (isWhitespace(ch)) this.pendingSpace = true
    else {
      const piece = this.fold(ch, code)
      this.append(piece, piece)
    }
  }

  /** NFKC per character, look-alike letters folded to Latin. */
  fold(ch: string, code: number): string {
    let piece = ch
    if (code > 0x7f) {
      const folded = homoglyphMap[ch]
      if (folded !== undefined) {
        if (/[A-Za-z]/.test(this.prev)) this.homoglyphs += 1
        piece = folded
      } else piece = ch.normalize('NFKC')
    }
    return piece
  }
}

const isPrintableAscii = (code: number): boolean => code > 0x20 && code < 0x7f

export function buildTextView(raw: string, firstLine: number): TextView {
  const b = new ViewBuilder(firstLine)
  let i = 0
  while (i < raw.length) {
    // Printable ASCII needs no normalisation: copied a run at a time.
    if (isPrintableAscii(raw.charCodeAt(i))) {
      let j = i + 1
      while (j < raw.length && isPrintableAscii(raw.charCodeAt(j))) j += 1
      b.append(raw.slice(i, j), raw.charAt(j - 1))
      i = j
      continue
    }
    const code = raw.codePointAt(i) ?? 0
    // The common whitespace without building a string (most of a text's non-printables).
    if (code === 0x20 || code === 0x09 || code === 0x0d) {
      b.pendingSpace = true
      i += 1
      continue
    }
    if (code === 0x0a) {
      b.newline()
      i += 1
      continue
    }
    b.other(String.fromCodePoint(code), code)
    i += code > 0xffff ? 2 : 1
  }
  const text = b.out.join('')
  const { breaks } = b
  return {
    text,
    lower: text.toLowerCase(),
    invisible: b.invisible,
    tagText: b.tagText,
    homoglyphs: b.homoglyphs,
    lineAt: (offset) => firstLine + countAtOrBefore(breaks, offset),
  }
}

/** How many of the ascending `sorted` are <= `value` (binary search). */
export function countAtOrBefore(sorted: readonly number[], value: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((sorted[mid] ?? 0) <= value) lo = mid + 1
    else hi = mid
  }
  return lo
}
