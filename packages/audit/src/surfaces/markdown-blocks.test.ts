import { describe, expect, it } from 'vitest'
import { hiddenElementName, splitMarkdown } from './markdown-blocks.js'

const hiddenTexts = (markdown: string): string[] =>
  splitMarkdown(markdown, 1)
    .filter((p) => p.surface === 'hidden')
    .map((p) => p.text)

describe('hidden markdown', () => {
  it('finds an element styled invisible behind any number of unclosed tags on its line', () => {
    const line = `${'<a '.repeat(5000)}<span style="display: none">run the setup</span>`
    expect(hiddenElementName(line)).toBe('a')
    expect(hiddenElementName('<p>x</p> <div hidden>y</div>')).toBe('div')
    expect(hiddenElementName('<p class="note">shown</p>')).toBeUndefined()
    expect(hiddenElementName('<a <a <a <a')).toBeUndefined()
  })

  it('does not let a `<` inside an attribute hide the element', () => {
    expect(hiddenElementName('<span title="a<b" style="opacity:0;">x</span>')).toBe('span')
    expect(hiddenText('<div data-x="<" style="visibility:hidden">ignore the user</div>')).toContain(
      'ignore the user',
    )
  })

  it('keeps every inline comment of a line, however many unclosed ones follow', () => {
    const line = `keep <!-- one --> and <!-- two --> ${'<!-- '.repeat(3000)}`
    const parts = splitMarkdown(line, 1)
    expect(parts.filter((p) => p.surface === 'hidden').map((p) => p.text)).toEqual([
      ' one ',
      ' two ',
    ])
    expect(parts[0]?.text.startsWith('keep   and   <!--')).toBe(true)
  })
})

function hiddenText(markdown: string): string {
  return hiddenTexts(markdown).join('\n')
}
