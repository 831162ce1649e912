import type { Resource } from '@modelcontextprotocol/sdk/types.js'
import { compareText } from '@skillship/core/plain-data'
import { signaturesMetaKey } from '@skillship/registry-client'
import type { LoadedFile, LoadedSkill } from '../load/loaded-skill.js'
import { isTextContent, mimeTypeOf, utf8Text } from './file-content.js'
import { formatSkillUri, skillMdPath, skillMdUri } from './skill-uri.js'

/**
 * `_meta` keys skillship adds to skill resources and entries. SEP-2640 reserves
 * `io.modelcontextprotocol.skills/` for the extension itself, so these use skillship's own prefix.
 */
export const metaKeys = {
  /** `sha256:<hex>` of the file's raw bytes, the digest skills/list and skills/get list for it. */
  digest: 'skillship/digest',
  /** The published version the resource or entry comes from. */
  version: 'skillship/version',
  /** The experiment that chose the version for this caller (only for users taking part). */
  experiment: 'skillship/experiment',
  /** The experiment arm that served it. */
  variant: 'skillship/variant',
  /**
   * The version's signatures (publisher key id, registry key ids and signatures, the verdict they
   * cover; wire `servedSignaturesSchema`), on skill entries, `resources/read` and tool results.
   */
  signatures: signaturesMetaKey,
} as const

/**
 * The `_meta` of what a load served: the version's signatures, and the experiment arm that chose
 * it (for users taking part); empty when there is neither.
 */
export function servedMeta(outcome: {
  readonly skill: LoadedSkill
  readonly experiment?: { readonly key: string; readonly variant: string }
}): Record<string, unknown> {
  const { signatures } = outcome.skill
  return {
    ...(signatures === undefined ? {} : { [metaKeys.signatures]: signatures }),
    ...(outcome.experiment === undefined
      ? {}
      : {
          [metaKeys.experiment]: outcome.experiment.key,
          [metaKeys.variant]: outcome.experiment.variant,
        }),
  }
}

/** The MIME type of a directory resource (SEP-2640 Directory resources). */
export const directoryMimeType = 'inode/directory'

/** One `{ uri, digest }` of an entry's `resources`. */
export interface SkillEntryResource {
  readonly uri: string
  readonly digest: string
}

/** A skills/list and skills/get entry (SEP-2640 Enumeration via skills/list). */
export interface SkillEntry {
  readonly uri: string
  /** The SKILL.md frontmatter verbatim, as JSON. */
  readonly frontmatter: Readonly<Record<string, unknown>>
  /** Every file of the skill, SKILL.md included, each with its digest. */
  readonly resources: readonly SkillEntryResource[]
  readonly _meta: Readonly<Record<string, unknown>>
  [key: string]: unknown
}

/** `sha256:<64 lowercase hex>` (SEP-2640 Integrity and verification). */
export function digestOf(file: LoadedFile): string {
  return `sha256:${file.sha256}`
}

/** The entry of a loaded skill version (`meta`: servedMeta of the load that served it). */
export function skillEntry(
  skill: LoadedSkill,
  meta: Readonly<Record<string, unknown>> = {},
): SkillEntry {
  return {
    uri: skillMdUri(skill.name),
    frontmatter: skill.frontmatter,
    resources: skill.files.map((file) => ({
      uri: formatSkillUri(skill.name, file.path),
      digest: digestOf(file),
    })),
    _meta: { [metaKeys.version]: skill.version, ...meta },
  }
}

/**
 * The resource metadata of one file: SKILL.md is named and described from its frontmatter
 * (SEP-2640 Resource Metadata); other files are named by their file name.
 */
export function fileResource(skill: LoadedSkill, file: LoadedFile): Resource {
  const isSkillMd = file.path === skillMdPath
  return {
    uri: formatSkillUri(skill.name, file.path),
    name: isSkillMd ? skill.name : baseName(file.path),
    ...(isSkillMd ? { description: skill.description } : {}),
    mimeType: mimeTypeOf(file.path, file.bytes),
    size: file.size,
    _meta: { [metaKeys.digest]: digestOf(file), [metaKeys.version]: skill.version },
  }
}

/** A file's `resources/read` contents: `text` for UTF-8 text, else base64 `blob`. */
export function fileContents(
  skill: LoadedSkill,
  file: LoadedFile,
):
  | { uri: string; mimeType: string; text: string }
  | { uri: string; mimeType: string; blob: string } {
  const uri = formatSkillUri(skill.name, file.path)
  const mimeType = mimeTypeOf(file.path, file.bytes)
  if (isTextContent(mimeType, file.bytes)) return { uri, mimeType, text: utf8Text(file.bytes) }
  return { uri, mimeType, blob: Buffer.from(file.bytes).toString('base64') }
}

/** The file at `path`, if the version has one. */
export function findFile(skill: LoadedSkill, path: string): LoadedFile | undefined {
  return skill.files.find((file) => file.path === path)
}

/**
 * The direct children of the directory `dir` ('' for the skill root) sorted by URI, files as
 * their resources and subfolders as directory resources; undefined when no file lies under `dir`.
 */
export function directoryChildren(skill: LoadedSkill, dir: string): Resource[] | undefined {
  const prefix = dir === '' ? '' : `${dir}/`
  const children = new Map<string, Resource>()
  for (const file of skill.files) {
    if (!file.path.startsWith(prefix)) continue
    const rest = file.path.slice(prefix.length)
    const slash = rest.indexOf('/')
    if (slash === -1) {
      children.set(rest, fileResource(skill, file))
      continue
    }
    const child = rest.slice(0, slash)
    if (!children.has(child)) {
      children.set(child, {
        uri: formatSkillUri(skill.name, `${prefix}${child}`),
        name: child,
        mimeType: directoryMimeType,
      })
    }
  }
  if (children.size === 0) return undefined
  // By URI: the order resources/directory/read pages by (its cursor is the last URI served).
  return [...children.values()].sort((a, b) => compareText(a.uri, b.uri))
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1)
}
