import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

// Exactly one sha512 SRI token: 64 bytes are 86 base64 characters plus "==".
const sriSha512 = /^sha512-([A-Za-z0-9+/]{86}==)$/

/** Where one store entry lives. */
export interface EntryPaths {
  /** `<root>/v1/<2 hex>/<126 hex>`: holds `skill/` and `index.json`. */
  readonly entryDir: string
  readonly skillDir: string
  readonly indexPath: string
}

/** The layout version folder: a future incompatible layout goes beside it, never mixed in. */
export const storeLayoutVersion = 'v1'

/**
 * The paths of the entry for `integrity`. The key must be exactly `sha512-` + 88 canonical base64
 * characters; the folder names are the hex of the decoded digest, so no key can name a path
 * outside the store. Throws INSTALL_INTEGRITY_MISMATCH for anything else.
 */
export function entryPaths(root: string, integrity: string): EntryPaths {
  const digest = digestOf(integrity)
  if (digest === undefined) {
    throw new SkillshipError(
      InstallErrorCode.IntegrityMismatch,
      `Not a sha512 integrity: '${integrity.slice(0, 120)}'`,
      { hint: 'Integrity values look like sha512-<88 base64 characters>.' },
    )
  }
  const hex = digest.toString('hex')
  // One join normalises `root`; the names below it are plain segments (hot: once per skill).
  const entryDir = join(root, storeLayoutVersion, hex.slice(0, 2), hex.slice(2))
  return { entryDir, skillDir: `${entryDir}/skill`, indexPath: `${entryDir}/index.json` }
}

/** True when `integrity` is one canonical `sha512-<88 base64>` token: a valid store key. */
export function isSha512Integrity(integrity: string): boolean {
  return digestOf(integrity) !== undefined
}

function digestOf(integrity: string): Buffer | undefined {
  const base64 = sriSha512.exec(integrity)?.[1]
  if (base64 === undefined) return undefined
  const digest = Buffer.from(base64, 'base64')
  // Several base64 spellings decode to the same bytes; only the canonical one is a key.
  return digest.toString('base64') === base64 ? digest : undefined
}

/** Staging and trash folders: on the store's filesystem, so entries move in and out by rename. */
export function tmpDir(root: string): string {
  return join(root, 'tmp')
}

/** On-disk mode of a store file: the logical mode (0644/0755) without any write bit. */
export function readOnlyMode(mode: number): number {
  return mode === 0o755 ? 0o555 : 0o444
}
