import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { SkillshipError } from '../errors/skillship-error.js'
import type { IssueDraft } from '../validate/skill-issue.js'

/** The encodings a SKILL.md is read in, in the order they are tried. */
export type SkillMdEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030'

/** A decoded SKILL.md: its text (without BOM), the encoding it was in, and warnings about it. */
export interface DecodedSkillMd {
  readonly text: string
  readonly encoding: SkillMdEncoding
  readonly issues: readonly IssueDraft[]
}

type Decoder = InstanceType<typeof TextDecoder>

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes SKILL.md bytes: UTF-8, UTF-8 with BOM, UTF-16 LE/BE (by BOM, or by the NUL pattern of
 * BOM-less ASCII text), then GB18030 (a superset of GBK) as a last resort with a warning.
 * Throws SKILL_ENCODING_INVALID when no encoding fits. Never rewrites the text otherwise.
 */
export function decodeSkillMd(bytes: Uint8Array): DecodedSkillMd {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return {
      text: decodeStrict('utf-8', bytes.subarray(3)),
      encoding: 'utf-8-bom',
      issues: [bomIssue()],
    }
  }
  const utf16 = detectUtf16(bytes)
  if (utf16) {
    const body = utf16.hasBom ? bytes.subarray(2) : bytes
    return {
      text: decodeStrict(utf16.encoding, body),
      encoding: utf16.encoding,
      issues: [utf16Issue(utf16.encoding)],
    }
  }
  const text = tryDecode(utf8, bytes)
  if (text !== undefined) return { text, encoding: 'utf-8', issues: [] }
  return { text: decodeStrict('gb18030', bytes), encoding: 'gb18030', issues: [legacyIssue()] }
}

function detectUtf16(
  bytes: Uint8Array,
): { encoding: 'utf-16le' | 'utf-16be'; hasBom: boolean } | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', hasBom: true }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', hasBom: true }
  if (bytes.length < 4 || bytes.length % 2 !== 0) return undefined
  // A BOM-less file starting with "--" in UTF-16 has a NUL in every other byte.
  if (bytes[0] !== 0 && bytes[1] === 0 && bytes[2] !== 0 && bytes[3] === 0)
    return { encoding: 'utf-16le', hasBom: false }
  if (bytes[0] === 0 && bytes[1] !== 0 && bytes[2] === 0 && bytes[3] !== 0)
    return { encoding: 'utf-16be', hasBom: false }
  return undefined
}

function tryDecode(decoder: Decoder, bytes: Uint8Array): string | undefined {
  try {
    return decoder.decode(bytes)
  } catch (error) {
    if (error instanceof TypeError) return undefined
    throw error
  }
}

function decodeStrict(encoding: string, bytes: Uint8Array): string {
  let decoder: Decoder
  try {
    decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: true })
  } catch (error) {
    throw new SkillshipError(
      SkillErrorCode.EncodingInvalid,
      `This Node.js build cannot decode ${encoding}`,
      {
        hint: 'Use a Node.js build with full ICU, or save SKILL.md as UTF-8.',
        cause: error,
        path: 'SKILL.md',
      },
    )
  }
  const text = tryDecode(decoder, bytes)
  if (text === undefined) {
    throw new SkillshipError(
      SkillErrorCode.EncodingInvalid,
      `SKILL.md is not valid ${encoding} text`,
      {
        hint: 'Save SKILL.md as UTF-8 (without BOM).',
        path: 'SKILL.md',
      },
    )
  }
  return text
}

function bomIssue(): IssueDraft {
  return {
    code: SkillErrorCode.EncodingBom,
    message:
      'SKILL.md starts with a UTF-8 byte order mark; many agents then drop the skill silently',
    hint: 'Run `skillship lint --fix` to save it as UTF-8 without BOM.',
    path: 'SKILL.md',
  }
}

function utf16Issue(encoding: string): IssueDraft {
  return {
    code: SkillErrorCode.EncodingUtf16,
    message: `SKILL.md is encoded as ${encoding.toUpperCase()}; agents expect UTF-8`,
    hint: 'Run `skillship lint --fix` to save it as UTF-8.',
    path: 'SKILL.md',
  }
}

function legacyIssue(): IssueDraft {
  return {
    code: SkillErrorCode.EncodingLegacy,
    message: 'SKILL.md is not UTF-8; it was read as GB18030/GBK',
    hint: 'Check the text reads correctly, then run `skillship lint --fix` to save it as UTF-8.',
    path: 'SKILL.md',
  }
}
