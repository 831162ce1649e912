/** Length in Unicode code points, as the spec and the reference validator count (not UTF-16 units). */
export function codePointLength(text: string): number {
  let length = 0
  for (let i = 0; i < text.length; i += 1) {
    const unit = text.charCodeAt(i)
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) i += 1
    }
    length += 1
  }
  return length
}

const xmlTag = /<\/?[A-Za-z][\w:.-]*(?:\s[^<>]*)?\/?>/

/** True when the text holds something shaped like an XML/HTML tag (`<tag>`, `</tag>`, `<tag/>`). */
export function containsXmlTag(text: string): boolean {
  return text.includes('<') && xmlTag.test(text)
}
