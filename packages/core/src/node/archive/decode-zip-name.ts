import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'

const utf8 = new TextDecoder('utf-8', { fatal: true })
const gb18030 = new TextDecoder('gb18030', { fatal: true })
const lossyUtf8 = new TextDecoder('utf-8')

// General purpose bit 11: the name is UTF-8 (APPNOTE 4.4.4).
const utf8Flag = 0x800

/**
 * Decodes a zip entry name. UTF-8 when flagged or when the bytes are valid UTF-8 (most tools
 * write UTF-8 without the flag); otherwise GB18030, because unflagged non-UTF-8 names in the wild
 * come from Chinese Windows (GBK) far more than from the spec's default CP437. A name that does not
 * decode (flagged but not UTF-8, or unflagged and neither UTF-8 nor GB18030, as most Latin-1 names)
 * is `PathUnsafe`: a replacement character would name a file nobody wrote. An unflagged Latin-1
 * name that happens to be valid GB18030 reads as GB18030; the bytes cannot tell the two apart.
 */
export function decodeZipName(raw: Uint8Array, generalPurposeBitFlag: number): string {
  const flagged = (generalPurposeBitFlag & utf8Flag) !== 0
  const name = tryDecode(utf8, raw) ?? (flagged ? undefined : tryDecode(gb18030, raw))
  if (name !== undefined) return name
  const shown = JSON.stringify(lossyUtf8.decode(raw))
  throw new SkillshipError(
    SkillErrorCode.PathUnsafe,
    `Unsafe path ${shown}: the zip entry name is not ${flagged ? 'UTF-8' : 'UTF-8 or GB18030'}`,
    { path: shown, hint: 'Zip the skill again with UTF-8 file names.' },
  )
}

function tryDecode(decoder: InstanceType<typeof TextDecoder>, raw: Uint8Array): string | undefined {
  try {
    return decoder.decode(raw)
  } catch (error) {
    if (!(error instanceof TypeError)) throw error
    return undefined
  }
}
