import { createHash } from 'node:crypto'
import { checkEntryPath } from '@skillship/core/entry-path'
import { SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '../errors/signature-error-codes.js'

/**
 * The skill digest (docs/signing.md, "Skill digest"): a SHA-256 over a text manifest of the
 * skill's files, independent of how the skill is packaged (folder, git checkout, tarball, store
 * entry, registry file documents). The algorithm name names the manifest format: a different
 * format would get a different name, never a silent change.
 */
export const skillDigestAlgorithm = 'skilltree-sha256'
/** The first line of the manifest: separates it from any other SHA-256 input. */
export const skillDigestManifestHeader = 'skillship-skilltree-v1\n'
/** skillship's own record of what it placed (installer); never part of a skill. */
export const placedMarkerFileName = '.skillship-placed.json'
/** The detached publisher signature (a Sigstore bundle) that may sit next to SKILL.md. */
export const signatureFileName = 'skill.sigstore.json'
/** Files past this count are refused: far above core's tree limit, a bound on hostile lists. */
export const maxDigestFiles = 20_000

/** One file as the digest sees it: a relative `/` path, its mode (only `0o111` counts) and SHA-256. */
export interface DigestFile {
  readonly path: string
  readonly mode: number
  /** Lowercase hex SHA-256 of the content. */
  readonly sha256: string
}

const sha256Hex = /^[0-9a-f]{64}$/
const excludedAtRoot: ReadonlySet<string> = new Set([placedMarkerFileName, signatureFileName])

/**
 * `skilltree-sha256:<hex>` of `files`. The manifest is the header line, then one line per file in
 * the UTF-8 byte order of its path: `x` or `-` (any execute bit), a space, the file's SHA-256 in
 * lowercase hex, a space, the path, `\n`. The marker and the signature file at the root are left
 * out. Every entry is checked first (SIGNATURE_DIGEST_INPUT_INVALID): a path must already be in
 * core's normal form (`checkEntryPath` returns it unchanged), a SHA-256 64 lowercase hex digits,
 * a mode an integer in 0..0o7777, no path twice, at most `maxDigestFiles` entries.
 */
export function computeSkillDigest(files: readonly DigestFile[]): string {
  if (files.length > maxDigestFiles)
    throw invalidInput(`${files.length} files, over the ${maxDigestFiles}-file bound`)
  const lines: { key: Buffer; line: string }[] = []
  const seen = new Set<string>()
  for (const file of files) {
    checkDigestFile(file)
    if (seen.has(file.path)) throw invalidInput(`${file.path} is listed twice`, file.path)
    seen.add(file.path)
    if (excludedAtRoot.has(file.path)) continue
    const exec = (file.mode & 0o111) === 0 ? '-' : 'x'
    lines.push({
      key: Buffer.from(file.path, 'utf8'),
      line: `${exec} ${file.sha256} ${file.path}\n`,
    })
  }
  lines.sort((a, b) => Buffer.compare(a.key, b.key))
  const hash = createHash('sha256').update(skillDigestManifestHeader)
  for (const { line } of lines) hash.update(line, 'utf8')
  return `${skillDigestAlgorithm}:${hash.digest('hex')}`
}

/** The hex part of a `skilltree-sha256:<hex>` digest, or undefined when `digest` is not one. */
export function skillDigestHex(digest: string): string | undefined {
  const prefix = `${skillDigestAlgorithm}:`
  if (!digest.startsWith(prefix)) return undefined
  const hex = digest.slice(prefix.length)
  return sha256Hex.test(hex) ? hex : undefined
}

function checkDigestFile(file: DigestFile): void {
  if (typeof file.path !== 'string') throw invalidInput('a file has no path')
  let normal: string
  try {
    normal = checkEntryPath(file.path)
  } catch (error) {
    throw invalidInput(`unsafe path ${JSON.stringify(file.path)}`, file.path, error)
  }
  if (normal !== file.path)
    throw invalidInput(`path ${JSON.stringify(file.path)} is not in normal form`, file.path)
  if (typeof file.sha256 !== 'string' || !sha256Hex.test(file.sha256))
    throw invalidInput(`${file.path}: sha256 is not 64 lowercase hex digits`, file.path)
  if (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o7777)
    throw invalidInput(`${file.path}: mode ${String(file.mode)} is not a file mode`, file.path)
}

function invalidInput(what: string, path?: string, cause?: unknown): SkillshipError {
  return new SkillshipError(
    SignatureErrorCode.DigestInputInvalid,
    `Cannot compute the skill digest: ${what}`,
    {
      hint: 'The file list must come from a skill as skillship packs it.',
      ...(path === undefined ? {} : { path }),
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
