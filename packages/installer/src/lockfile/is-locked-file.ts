import type { LockedFile } from './lockfile-schema.js'

const sha256HexPattern = /^[0-9a-f]{64}$/

/**
 * True when `value` is exactly a LockedFile: a non-empty relative `/`-separated path without `.`
 * or `..` segments, an integer size, mode 0644 or 0755 and a lowercase hex SHA-256; no other keys.
 */
export function isLockedFile(value: unknown): value is LockedFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  if (Object.keys(record).length !== 4) return false
  const { path, size, mode, sha256 } = record
  return (
    typeof path === 'string' &&
    isRelativePath(path) &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0 &&
    (mode === 0o644 || mode === 0o755) &&
    typeof sha256 === 'string' &&
    sha256HexPattern.test(sha256)
  )
}

function isRelativePath(path: string): boolean {
  if (path.includes('\\') || path.includes('\0')) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** True when both lists hold the same files (path, size, mode, digest) in the same order. */
export function sameLockedFiles(a: readonly LockedFile[], b: readonly LockedFile[]): boolean {
  return (
    a.length === b.length &&
    a.every((file, index) => {
      const other = b[index]
      return (
        other !== undefined &&
        file.path === other.path &&
        file.size === other.size &&
        file.mode === other.mode &&
        file.sha256 === other.sha256
      )
    })
  )
}
