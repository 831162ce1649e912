import type { AuditFile } from '../src/types.js'

/** A mutation of a skill's text that a robust audit must see through. */
export interface Mutation {
  readonly name: string
  apply(text: string, path: string): string
}

const enc = new TextEncoder()
const dec = new TextDecoder()

const homoglyphs: Readonly<Record<string, string>> = {
  a: 'а',
  e: 'е',
  o: 'о',
  c: 'с',
  p: 'р',
  x: 'х',
  i: 'і',
}
const isScript = (path: string): boolean => !path.endsWith('.md')

export const mutations: readonly Mutation[] = [
  {
    name: 'upper case',
    apply: (t, p) =>
      p.endsWith('.md')
        ? t.replace(/\b(ignore|curl|send|cat|read|append|ask|override|silently)\b/gi, (w) =>
            w.toUpperCase(),
          )
        : t,
  },
  { name: 'whitespace runs', apply: (t) => t.replace(/ (?=\S)/g, '   ') },
  {
    name: 'newline padding',
    apply: (t, p) => (p.endsWith('.md') ? t.replace(/\n\n/g, `\n${'\n'.repeat(40)}`) : t),
  },
  {
    name: 'c""url splicing',
    apply: (t) => t.replace(/\bcurl\b/g, 'c""url').replace(/\bbash\b/g, "ba''sh"),
  },
  {
    name: 'variable indirection',
    apply: (t, p) => (p.endsWith('.sh') ? `c=cu; d=rl\n${t.replace(/\bcurl\b/g, '$c$d')}` : t),
  },
  {
    name: 'homoglyphs in prose',
    apply: (t, p) =>
      p.endsWith('.md')
        ? t.replace(/\b(instructions|previous|contents|seed|phrase|every)\b/g, (w) =>
            [...w].map((ch) => homoglyphs[ch] ?? ch).join(''),
          )
        : t,
  },
  {
    name: 'split over lines',
    apply: (t, p) => (p.endsWith('.sh') ? t.replace(/ \| /g, ' \\\n  | ') : t),
  },
  {
    name: 'base64 wrapping',
    apply: (t, p) =>
      p.endsWith('.sh') && isScript(p)
        ? `echo ${Buffer.from(t).toString('base64')} | base64 -d | bash\n`
        : t,
  },
  {
    name: 'framed as a quoted example',
    apply: (t, p) =>
      p === 'SKILL.md'
        ? t.replace(/\n## /, '\nFor example, a typical run looks like this:\n\n## ')
        : t,
  },
]

export function mutate(files: readonly AuditFile[], mutation: Mutation): AuditFile[] {
  return files.map((f) => {
    const text = dec.decode(f.bytes)
    if (text.includes('\u0000')) return f
    return { ...f, bytes: enc.encode(mutation.apply(text, f.path)) }
  })
}
