import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { Frontmatter, YamlValue } from '../frontmatter/parse-frontmatter-yaml.js'
import { codePointLength } from './code-points.js'
import { isSemver } from './semver.js'
import type { IssueDraft } from './skill-issue.js'

export const maxCompatibilityLength = 500
export const maxShortDescriptionLength = 500

type Data = Frontmatter['data']

/** Checks `compatibility`, `metadata`, `license` and `allowed-tools` when present. */
export function validateOptionalFields(frontmatter: Frontmatter): IssueDraft[] {
  const { data, fieldLines } = frontmatter
  const at = (field: string) => {
    const line = fieldLines[field]
    return { path: 'SKILL.md', field, ...(line === undefined ? {} : { line }) }
  }
  return [
    ...validateCompatibility(data, at('compatibility')),
    ...validateMetadata(data, at('metadata')),
    ...validateLicenseType(data, at('license')),
    ...validateAllowedTools(data, at('allowed-tools')),
  ]
}

type At = Pick<IssueDraft, 'path' | 'field' | 'line'>

function validateCompatibility(data: Data, at: At): IssueDraft[] {
  if (!('compatibility' in data)) return []
  const value = data['compatibility'] ?? ''
  if (typeof value !== 'string') {
    return [
      {
        code: SkillErrorCode.CompatibilityNotString,
        message: "Field 'compatibility' must be a string",
        hint: 'Write the requirements as one sentence.',
        ...at,
      },
    ]
  }
  const length = codePointLength(value)
  if (length > maxCompatibilityLength) {
    return [
      {
        code: SkillErrorCode.CompatibilityTooLong,
        message: `Compatibility exceeds ${maxCompatibilityLength} character limit (${length} chars)`,
        hint: 'Keep only the essential requirements.',
        ...at,
      },
    ]
  }
  if (value.trim() === '') {
    return [
      {
        code: SkillErrorCode.CompatibilityEmpty,
        message: 'Compatibility is empty; the spec requires 1-500 characters when present',
        hint: 'Remove the field or describe the requirements.',
        ...at,
      },
    ]
  }
  return []
}

function validateMetadata(data: Data, at: At): IssueDraft[] {
  const metadata = data['metadata']
  if (metadata === undefined || metadata === null) return []
  if (typeof metadata === 'string' || Array.isArray(metadata)) {
    return [
      {
        code: SkillErrorCode.MetadataNotMapping,
        message: "Field 'metadata' must be a mapping of string keys to string values",
        hint: 'Write `metadata:` followed by indented `key: "value"` lines.',
        ...at,
      },
    ]
  }
  const issues: IssueDraft[] = []
  for (const [key, value] of Object.entries(metadata as { readonly [key: string]: YamlValue })) {
    if (typeof value !== 'string') {
      issues.push({
        code: SkillErrorCode.MetadataValueNotString,
        message: `metadata.${key} is not a string; strict clients fail to load the skill`,
        hint: 'Quote the value, or move structured data to a file in the skill.',
        ...at,
      })
    }
  }
  issues.push(...validateMetadataStrings(metadata as { readonly [key: string]: YamlValue }, at))
  return issues
}

function validateMetadataStrings(
  metadata: { readonly [key: string]: YamlValue },
  at: At,
): IssueDraft[] {
  const issues: IssueDraft[] = []
  const version = metadata['version']
  if (typeof version === 'string' && !isSemver(version)) {
    issues.push({
      code: SkillErrorCode.VersionInvalid,
      message: `metadata.version '${version}' is not a semantic version`,
      hint: 'Use MAJOR.MINOR.PATCH, e.g. "1.0.0"; the registry needs it to publish.',
      ...at,
    })
  }
  const short =
    metadata['short-description'] ?? metadata['shortDescription'] ?? metadata['short_description']
  if (typeof short === 'string' && codePointLength(short) > maxShortDescriptionLength) {
    issues.push({
      code: SkillErrorCode.ShortDescriptionTooLong,
      message: `metadata.short-description exceeds ${maxShortDescriptionLength} characters; Codex refuses it`,
      hint: 'Shorten it to one line.',
      ...at,
    })
  }
  return issues
}

function validateLicenseType(data: Data, at: At): IssueDraft[] {
  const license = data['license']
  if (license === undefined || typeof license === 'string') return []
  return [
    {
      code: SkillErrorCode.LicenseNotString,
      message: "Field 'license' should be a string",
      hint: 'Name the license (e.g. Apache-2.0) or the bundled license file.',
      ...at,
    },
  ]
}

function validateAllowedTools(data: Data, at: At): IssueDraft[] {
  const tools = data['allowed-tools']
  if (tools === undefined || tools === null || typeof tools === 'string') return []
  return [
    {
      code: SkillErrorCode.AllowedToolsFormat,
      message: "Field 'allowed-tools' should be a space-separated string",
      hint: 'Write e.g. `allowed-tools: Bash(git:*) Read`.',
      ...at,
    },
  ]
}
