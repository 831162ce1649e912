import { describe, expect, it } from 'vitest'
import { isTextContent, mimeTypeOf, utf8Text } from './file-content.js'

const text = (value: string) => new TextEncoder().encode(value)

describe('file content', () => {
  it('types SKILL.md as markdown and other files by extension, else by their bytes', () => {
    expect(mimeTypeOf('SKILL.md', text('# x'))).toBe('text/markdown')
    expect(mimeTypeOf('scripts/extract.py', text('print(1)'))).toBe('text/x-python')
    expect(mimeTypeOf('assets/logo.PNG', new Uint8Array([0x89, 0x50]))).toBe('image/png')
    expect(mimeTypeOf('LICENSE', text('MIT'))).toBe('text/plain')
    expect(mimeTypeOf('data.bin', new Uint8Array([0, 1, 2]))).toBe('application/octet-stream')
  })

  it('sends valid UTF-8 as text (BOM and CRLF kept byte for byte) and anything else as blob', () => {
    const withBom = new Uint8Array([0xef, 0xbb, 0xbf, ...text('a\r\nb')])
    expect(isTextContent('text/markdown', withBom)).toBe(true)
    expect(text(utf8Text(withBom))).toEqual(withBom)
    expect(isTextContent('text/plain', new Uint8Array([0xff, 0xfe, 0x41, 0]))).toBe(false)
    expect(isTextContent('text/plain', text('a\0b'))).toBe(false)
    expect(isTextContent('image/png', text('looks like text'))).toBe(false)
    expect(isTextContent('image/svg+xml', text('<svg/>'))).toBe(true)
  })
})
