import { describe, expect, it } from 'vitest'
import { renderFile } from './highlight-file.js'
import { renderMarkdown } from './render-markdown.js'

const fileLink = (path: string) => `/skills/x?file=${encodeURIComponent(path)}`
const render = (source: string) => renderMarkdown(source, fileLink).value

describe('renderMarkdown (untrusted SKILL.md)', () => {
  it('shows raw HTML, comments and SVG as text, never as elements', () => {
    const out = render(
      '<script>alert(1)</script>\n\n<!-- hidden -->\n\n<svg onload="alert(1)"><circle/></svg>\n\n<img src=x onerror=alert(1)>',
    )
    expect(out).not.toMatch(/<script|<svg|<img|<!--/i)
    expect(out).toContain('&lt;script&gt;')
    expect(out).toContain('&lt;!-- hidden --&gt;')
  })

  it('drops javascript:, vbscript: and data: link targets', () => {
    for (const target of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'vbscript:x',
      'data:text/html,<b>x</b>',
      ' javascript:alert(1)',
    ]) {
      const out = render(`[click](${target}) <${target}>`)
      expect(out).not.toMatch(/href="\s*(javascript|vbscript|data):/i)
    }
  })

  it('marks every link rel="noopener nofollow ugc" and sends relative links to the file browser', () => {
    const out = render(
      '[site](https://example.org/a) [ref](./references/a.md#top) [up](../../etc/passwd)',
    )
    expect(out).toContain('href="https://example.org/a" rel="noopener nofollow ugc"')
    expect(out).toContain(`href="${fileLink('references/a.md')}"`)
    expect(out).toContain(`href="${fileLink('etc/passwd')}"`)
  })

  it('turns images into links, so opening the page requests nothing from a third party', () => {
    const out = render('![tracker](https://tracker.example/p.gif)')
    expect(out).not.toContain('<img')
    expect(out).toContain('[image: tracker]')
  })

  it('starts the document headings at h3 (the page owns h1 and h2)', () => {
    expect(render('# Title\n\n## Part')).toMatch(/<h3>Title<\/h3>\s*<h4>Part<\/h4>/)
  })
})

describe('renderFile (the file browser)', () => {
  it('refuses to show a file past the display bound', () => {
    const big = new Uint8Array(5 * 1024 * 1024).fill(0x61)
    const out = renderFile('big.txt', big).value
    expect(out).toContain('too large to show')
    expect(out.length).toBeLessThan(1000)
  })

  it('escapes file text and highlights by extension', () => {
    const out = renderFile('a.py', new TextEncoder().encode('print("<script>")\n')).value
    expect(out).toContain('hljs-string')
    expect(out).not.toContain('<script>')
  })

  it('does not show binary files', () => {
    expect(renderFile('a.bin', new Uint8Array([0, 1, 2])).value).toContain('Binary file')
  })
})
