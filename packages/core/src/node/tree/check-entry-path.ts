import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'

/** Longest path, and longest single segment, in UTF-8 bytes (the NAME_MAX of common filesystems). */
export const maxEntryPathBytes = 255

// C0 and C1 controls and DEL: invisible in listings, and NUL truncates names in C APIs.
const controlChars = /\p{Cc}/u
// Not allowed in a Windows file name; a skill must install on every agent's OS.
const windowsForbiddenChars = /[<>"|?*]/
const windowsReservedBase = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i
// Printable ASCII (control characters are refused before this is asked).
const printableAscii = /^[ -~]*$/

/**
 * Validates one relative path taken from a directory walk or an archive entry and returns it
 * normalised: NFC, `/` separators, no leading `./`, no empty or `.` segments, no trailing `/`.
 *
 * Throws `SkillshipError` with
 * - `PathUnsafe`: empty, absolute (`/x`), a drive letter or any `:`, a backslash (UNC or Windows
 *   separator), a `..` segment, a NUL or other control character;
 * - `PathNotPortable`: a Windows reserved device name (`CON`, `nul.txt`, `LPT1.log`, any case), a
 *   segment ending in a dot or a space, or a character Windows forbids (`<>"|?*`);
 * - `PathTooLong`: more than 255 UTF-8 bytes in the path or in one segment.
 */
export function checkEntryPath(raw: string): string {
  assertSafeCharacters(raw)
  // ASCII is its own NFC form (most paths: no ICU call).
  const segments = (printableAscii.test(raw) ? raw : raw.normalize('NFC'))
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
  if (segments.length === 0) throw unsafe(raw, 'names no file')
  for (const segment of segments) checkSegment(raw, segment)
  const path = segments.join('/')
  if (exceedsMaxBytes(path)) {
    throw new SkillshipError(
      SkillErrorCode.PathTooLong,
      `Path is longer than ${maxEntryPathBytes} bytes: ${path}`,
      { path, hint: 'Shorten the folder or file names.' },
    )
  }
  return path
}

function assertSafeCharacters(raw: string): void {
  if (raw === '') throw unsafe(raw, 'is empty')
  if (raw.startsWith('/')) throw unsafe(raw, 'is absolute')
  if (raw.includes(':')) throw unsafe(raw, 'contains ":" (a drive letter or an NTFS stream)')
  if (raw.includes('\\')) throw unsafe(raw, 'contains a backslash')
  if (controlChars.test(raw)) throw unsafe(raw, 'contains a control character')
}

function checkSegment(raw: string, segment: string): void {
  if (segment === '..') throw unsafe(raw, 'climbs out of its folder with ".."')
  if (exceedsMaxBytes(segment)) {
    throw new SkillshipError(
      SkillErrorCode.PathTooLong,
      `Path segment is longer than ${maxEntryPathBytes} bytes: ${segment}`,
      { path: raw, hint: 'Shorten the file name.' },
    )
  }
  const dot = segment.indexOf('.')
  const base = dot === -1 ? segment : segment.slice(0, dot)
  // Reserved names are 3 or 4 characters long: the regular expression only runs for those.
  if ((base.length === 3 || base.length === 4) && windowsReservedBase.test(base)) {
    throw notPortable(raw, `uses the reserved name "${base}"`)
  }
  if (segment.endsWith('.') || segment.endsWith(' ')) {
    throw notPortable(raw, 'has a name ending in a dot or a space')
  }
  if (windowsForbiddenChars.test(segment)) throw notPortable(raw, 'contains one of <>"|?*')
}

// UTF-8 takes at most 3 bytes per UTF-16 code unit (a lone surrogate becomes U+FFFD, 3 bytes):
// only a string longer than a third of the limit needs counting, and counting allocates nothing.
function exceedsMaxBytes(text: string): boolean {
  return text.length * 3 > maxEntryPathBytes && Buffer.byteLength(text, 'utf8') > maxEntryPathBytes
}

function unsafe(raw: string, reason: string): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.PathUnsafe,
    `Unsafe path ${JSON.stringify(raw)}: ${reason}`,
    {
      path: raw,
      hint: 'Archives and skill folders may only hold relative paths inside the skill.',
    },
  )
}

function notPortable(raw: string, reason: string): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.PathNotPortable,
    `Path ${JSON.stringify(raw)} cannot be created on Windows: it ${reason}`,
    { path: raw, hint: 'Rename the file so the skill installs on every operating system.' },
  )
}
