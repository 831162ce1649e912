import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { YamlValue } from '../frontmatter/parse-frontmatter-yaml.js'
import { codePointLength, containsXmlTag } from './code-points.js'
import type { IssueDraft } from './skill-issue.js'

export const maxNameLength = 64
const reservedWords = ['anthropic', 'claude'] as const
// Python's str.isalnum(): letters (L*) and numbers (N*), but not combining marks.
const nameChars = /^[\p{L}\p{N}-]*$/u

/**
 * Checks `name` with the reference validator's rules: NFKC-normalised and trimmed, 1-64 code
 * points, lowercase (Unicode), letters/digits/hyphens, no edge or double hyphens, equal to the
 * NFKC-normalised directory name when one is given. Adds warnings for non-ASCII names, reserved
 * words and XML tags. Returns the normalised name when it is a non-empty string.
 */
export function validateName(
  value: YamlValue | undefined,
  directoryName: string | undefined,
  line: number | undefined,
): { name: string | undefined; issues: IssueDraft[] } {
  const at: At = { path: 'SKILL.md', field: 'name', ...(line === undefined ? {} : { line }) }
  if (value === undefined) {
    const hint = 'Add `name: <directory-name>` to the frontmatter.'
    return {
      name: undefined,
      issues: [
        {
          code: SkillErrorCode.NameMissing,
          message: 'Missing required field in frontmatter: name',
          hint,
          ...at,
        },
      ],
    }
  }
  if (typeof value !== 'string' || value.trim() === '') {
    const hint = 'Set `name` to the skill directory name, e.g. `pdf-processing`.'
    return {
      name: undefined,
      issues: [
        {
          code: SkillErrorCode.NameEmpty,
          message: "Field 'name' must be a non-empty string",
          hint,
          ...at,
        },
      ],
    }
  }
  const name = value.trim().normalize('NFKC')
  return { name, issues: [...nameRuleIssues(name, directoryName, at), ...nameWarnings(name, at)] }
}

type At = Pick<IssueDraft, 'path' | 'field' | 'line'>

function nameRuleIssues(name: string, directoryName: string | undefined, at: At): IssueDraft[] {
  const issues: IssueDraft[] = []
  const push = (code: SkillErrorCode, message: string, hint: string) =>
    issues.push({ code, message, hint, ...at })
  const length = codePointLength(name)
  if (length > maxNameLength)
    push(
      SkillErrorCode.NameTooLong,
      `Skill name '${name}' exceeds ${maxNameLength} character limit (${length} chars)`,
      'Shorten the name and rename the directory to match.',
    )
  if (name !== name.toLowerCase())
    push(
      SkillErrorCode.NameNotLowercase,
      `Skill name '${name}' must be lowercase`,
      `Use '${name.toLowerCase()}' and rename the directory to match.`,
    )
  if (name.startsWith('-') || name.endsWith('-'))
    push(
      SkillErrorCode.NameHyphenEdge,
      'Skill name cannot start or end with a hyphen',
      'Remove the leading or trailing hyphen.',
    )
  if (name.includes('--'))
    push(
      SkillErrorCode.NameConsecutiveHyphens,
      'Skill name cannot contain consecutive hyphens',
      'Use single hyphens between words.',
    )
  if (!nameChars.test(name))
    push(
      SkillErrorCode.NameInvalidChars,
      `Skill name '${name}' contains invalid characters. Only letters, digits, and hyphens are allowed.`,
      'Use lowercase letters, digits and single hyphens, e.g. `my-skill`.',
    )
  if (directoryName !== undefined && directoryName.normalize('NFKC') !== name) {
    push(
      SkillErrorCode.NameDirectoryMismatch,
      `Directory name '${directoryName}' must match skill name '${name}'`,
      `Rename the directory to '${name}' or change the name.`,
    )
  }
  return issues
}

function nameWarnings(name: string, at: At): IssueDraft[] {
  const issues: IssueDraft[] = []
  // Only a name that passes the charset check gets the ASCII note; otherwise it is noise.
  if (nameChars.test(name) && !isAscii(name)) {
    issues.push({
      code: SkillErrorCode.NameNonAscii,
      message: `Skill name '${name}' is not ASCII; several agents and the registry accept only a-z, 0-9 and -`,
      hint: 'Use an ASCII name such as `my-skill` for skills you publish.',
      ...at,
    })
  }
  const reserved = reservedWords.find((word) => name.toLowerCase().includes(word))
  if (reserved) {
    issues.push({
      code: SkillErrorCode.NameReservedWord,
      message: `Skill name '${name}' contains the reserved word '${reserved}'; claude.ai and the Claude API refuse it`,
      hint: 'Choose a name without vendor words.',
      ...at,
    })
  }
  if (containsXmlTag(name)) {
    issues.push({
      code: SkillErrorCode.NameXmlTag,
      message: 'Skill name contains an XML tag',
      hint: 'Remove `<...>` from the name.',
      ...at,
    })
  }
  return issues
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i += 1) if (text.charCodeAt(i) > 0x7f) return false
  return true
}
