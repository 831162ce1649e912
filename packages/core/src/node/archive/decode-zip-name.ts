const utf8 = new TextDecoder('utf-8', { fatal: true })
const gb18030 = new TextDecoder('gb18030')

// General purpose bit 11: the name is UTF-8 (APPNOTE 4.4.4).
const utf8Flag = 0x800

/**
 * Decodes a zip entry name. UTF-8 when flagged or when the bytes are valid UTF-8 (most tools
 * write UTF-8 without the flag); otherwise GB18030, because unflagged non-UTF-8 names in the wild
 * come from Chinese Windows (GBK) far more than from the spec's default CP437. A flagged name that
 * is not valid UTF-8 is decoded with replacement characters, which later path checks keep as-is.
 */
export function decodeZipName(raw: Uint8Array, generalPurposeBitFlag: number): string {
  if ((generalPurposeBitFlag & utf8Flag) !== 0) return new TextDecoder('utf-8').decode(raw)
  try {
    return utf8.decode(raw)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return gb18030.decode(raw)
  }
}
