/** The PEP 723 `script` block of a Python file: none, its TOML text, or more than one (an error). */
export type ScriptBlock =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'one'
      readonly toml: string
      /** 1-based line of the file where the TOML starts. */
      readonly line: number
    }
  | { readonly kind: 'several' }

// The cheap test that selects files worth matching against the full pattern.
const scriptBlockOpening = '# /// script'

// The reference regular expression of PEP 723 (its groups made non-capturing or named). Greedy content: a `# ///` line ends the
// block only when the next line is not a content line. An unclosed block does not match.
const blockPattern = /^# \/\/\/ (?<type>[a-zA-Z0-9-]+)$\s(?<content>(?:^#(?:| .*)$\s)+)^# \/\/\/$/gm

/**
 * Finds the PEP 723 `script` block in Python source, as the reference implementation does: blocks
 * of other types are skipped, content lines lose `# ` (or the lone `#`). Newlines are normalised
 * first, as Python's text mode does before the reference reads a file.
 */
export function findScriptBlock(source: string): ScriptBlock {
  if (!source.includes(scriptBlockOpening)) return { kind: 'none' }
  const text = source.replace(/\r\n?/g, '\n')
  const blocks = [...text.matchAll(blockPattern)].filter(
    (match) => match.groups?.['type'] === 'script',
  )
  const [first, second] = blocks
  if (first === undefined) return { kind: 'none' }
  if (second !== undefined) return { kind: 'several' }
  const content = first.groups?.['content'] ?? ''
  const toml = content
    .split(/(?<=\n)/)
    .map((line) => (line.startsWith('# ') ? line.slice(2) : line.slice(1)))
    .join('')
  const line = text.slice(0, first.index).split('\n').length + 1
  return { kind: 'one', toml, line }
}
