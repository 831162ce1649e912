/** The archive formats a skill can be unpacked from. */
export type ArchiveFormat = 'tgz' | 'zip'

/**
 * Detects the format from the leading magic bytes, never the file name: gzip (`1f 8b`) is taken
 * as a gzipped tar; a zip local file header (`PK\x03\x04`) or an empty zip's end record
 * (`PK\x05\x06`) as zip. Anything else is `undefined`.
 */
export function detectArchiveFormat(bytes: Uint8Array): ArchiveFormat | undefined {
  if (bytes[0] === 0x1f && bytes[1] === 0x8b) return 'tgz'
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    if (bytes[2] === 0x03 && bytes[3] === 0x04) return 'zip'
    if (bytes[2] === 0x05 && bytes[3] === 0x06) return 'zip'
  }
  return undefined
}
