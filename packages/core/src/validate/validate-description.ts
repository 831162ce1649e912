import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { YamlValue } from '../frontmatter/parse-frontmatter-yaml.js'
import { codePointLength, containsXmlTag } from './code-points.js'
import type { IssueDraft } from './skill-issue.js'

export const maxDescriptionLength = 1024

/**
 * Checks `description`: present, a non-empty string, at most 1024 code points (the reference
 * validator's rules); warns when it spans several lines (Qoder reads one line) or holds XML tags.
 */
export function validateDescription(
  value: YamlValue | undefined,
  line: number | undefined,
): IssueDraft[] {
  const at = { path: 'SKILL.md', field: 'description', ...(line === undefined ? {} : { line }) }
  if (value === undefined) {
    return [
      {
        code: SkillErrorCode.DescriptionMissing,
        message: 'Missing required field in frontmatter: description',
        hint: 'Add `description:` saying what the skill does and when to use it.',
        ...at,
      },
    ]
  }
  if (typeof value !== 'string' || value.trim() === '') {
    return [
      {
        code: SkillErrorCode.DescriptionEmpty,
        message: "Field 'description' must be a non-empty string",
        hint: 'Describe what the skill does and when an agent should use it.',
        ...at,
      },
    ]
  }
  const issues: IssueDraft[] = []
  const length = codePointLength(value)
  if (length > maxDescriptionLength) {
    issues.push({
      code: SkillErrorCode.DescriptionTooLong,
      message: `Description exceeds ${maxDescriptionLength} character limit (${length} chars)`,
      hint: 'Shorten it; Codex does not load skills whose description is longer.',
      ...at,
    })
  }
  if (/[\r\n]/.test(value.trim())) {
    issues.push({
      code: SkillErrorCode.DescriptionMultiline,
      message: 'Description spans several lines; Qoder and line-based loaders read only the first',
      hint: 'Run `skillship lint --fix` to write it as one quoted line.',
      ...at,
    })
  }
  if (containsXmlTag(value)) {
    issues.push({
      code: SkillErrorCode.DescriptionXmlTag,
      message:
        'Description contains an XML tag; claude.ai refuses such skills and prompts may break',
      hint: 'Remove `<...>` tags from the description.',
      ...at,
    })
  }
  return issues
}
