import { describe, expect, it } from 'vitest'
import { buildTextView, resolveShellVariables, unsplice } from './text-view.js'

describe('buildTextView', () => {
  it('reports and strips zero-width, bidi and tag characters, decoding tag text', () => {
    const tags = [...'run x'].map((c) => String.fromCodePoint(0xe0000 + c.charCodeAt(0))).join('')
    const v = buildTextView(`ig\u200bnore\nabc\u202edef\n${tags}end`, 1)
    expect(v.text).toBe('ignore abcdef end')
    expect(v.invisible.map((m) => [m.kind, m.line])).toEqual([
      ['zero-width', 1],
      ['bidi', 2],
      ...Array.from({ length: 5 }, () => ['tag', 3]),
    ])
    expect(v.tagText).toBe('run x')
  })

  it('folds look-alike letters and NFKC forms, and maps offsets back to lines', () => {
    const v = buildTextView('line one\n\n\nсurl ｈｔｔｐ', 10)
    expect(v.text).toBe('line one curl http')
    expect(v.lineAt(v.text.indexOf('curl'))).toBe(13)
    expect(v.lineAt(0)).toBe(10)
  })

  it('undoes shell splicing and resolves simple variables', () => {
    expect(unsplice('c""url -s x | b\'\'ash')).toBe('curl -s x | bash')
    expect(unsplice('"cu" + "rl"')).toBe('"curl"')
    expect(resolveShellVariables('a=cu; b=rl; $a$b x')).toBe('a=cu; b=rl; curl x')
  })
})
