import { createHash } from 'node:crypto'
import { splitFrontmatter } from '@skillship/core'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import type { LoadResponse } from '@skillship/registry-client'
import { loadFailed } from './load-failed.js'
import type { LoadedFile, LoadedSkill } from './loaded-skill.js'
import type { ServedVersionContent, VersionContent } from './version-content.js'

const encoder = new TextEncoder()

/**
 * Builds the cached form of a version from its verified files: the SKILL.md body (decoded as the
 * core decodes it; the frontmatter comes from the record, parsed once at publish), the answer
 * JSON rendered once with a strong ETag, and the bytes it holds. Files are sorted by the UTF-8
 * bytes of their paths. SERVE_LOAD_FAILED when SKILL.md is missing or has no frontmatter.
 */
export function renderLoadedSkill(
  version: ServedVersionContent,
  unsorted: readonly LoadedFile[],
): LoadedSkill {
  const files = [...unsorted].sort((a, b) =>
    Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)),
  )
  const body = skillMdBody(version, files)
  const answer: LoadResponse = {
    name: version.name,
    version: version.version,
    integrity: version.integrity,
    description: version.description,
    frontmatter: version.frontmatter,
    body,
    files: files.map(({ path, size, mode, sha256 }) => ({ path, size, mode, sha256 })),
    ...(version.signatures === undefined ? {} : { signatures: version.signatures }),
  }
  const json = encoder.encode(JSON.stringify(answer))
  const etag = `"${createHash('sha256').update(json).digest('base64url').slice(0, 32)}"`
  const fileBytes = files.reduce((total, file) => total + file.bytes.byteLength, 0)
  return {
    name: version.name,
    version: version.version,
    integrity: version.integrity,
    frontmatter: version.frontmatter,
    description: version.description,
    body,
    signatures: version.signatures,
    files,
    // A JS string holds two bytes per UTF-16 unit.
    memoryBytes: fileBytes + json.byteLength + body.length * 2,
    json,
    etag,
  }
}

function skillMdBody(version: VersionContent, files: readonly LoadedFile[]): string {
  const skillMd =
    files.find((file) => file.path === 'SKILL.md') ??
    files.find((file) => file.path.toLowerCase() === 'skill.md')
  if (skillMd === undefined) throw loadFailed(version, 'the version has no SKILL.md')
  let text: string
  try {
    text = decodeSkillMd(skillMd.bytes).text
  } catch (error) {
    throw loadFailed(version, 'SKILL.md cannot be decoded', error)
  }
  const split = splitFrontmatter(text)
  if (!split.ok) throw loadFailed(version, 'SKILL.md has no frontmatter')
  return split.split.body
}
