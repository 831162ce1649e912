import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { Frontmatter } from '../frontmatter/parse-frontmatter-yaml.js'
import type { IssueDraft } from './skill-issue.js'
import { specKeys, type TargetProfile } from './target-profiles.js'

const allowed = new Set<string>(specKeys)
const allowedList = `[${[...specKeys]
  .sort()
  .map((k) => `'${k}'`)
  .join(', ')}]`

/**
 * Reports top-level keys outside the spec: one SKILL_FIELD_UNKNOWN issue listing them (as the
 * reference validator does), and a SKILL_FIELD_VENDOR note for each key the target reads.
 */
export function validateFields(frontmatter: Frontmatter, profile: TargetProfile): IssueDraft[] {
  const vendor = new Set(profile.vendorKeys)
  const unknown: string[] = []
  const issues: IssueDraft[] = []
  for (const key of Object.keys(frontmatter.data)) {
    if (allowed.has(key)) continue
    const line = frontmatter.fieldLines[key]
    const at = { path: 'SKILL.md', field: key, ...(line === undefined ? {} : { line }) }
    if (vendor.has(key)) {
      issues.push({
        code: SkillErrorCode.FieldVendor,
        message: `'${key}' is read by ${profile.label} but is not part of the Agent Skills spec`,
        hint: 'Other agents and strict validators reject it.',
        ...at,
      })
    } else {
      unknown.push(key)
    }
  }
  if (unknown.length > 0) {
    const sorted = unknown.sort()
    const firstLine = frontmatter.fieldLines[sorted[0] ?? '']
    issues.unshift({
      code: SkillErrorCode.FieldUnknown,
      message: `Unexpected fields in frontmatter: ${sorted.join(', ')}. Only ${allowedList} are allowed.`,
      hint: 'Move custom fields under `metadata:`, or lint with the --target of the agent that reads them.',
      path: 'SKILL.md',
      ...(firstLine === undefined ? {} : { line: firstLine }),
    })
  }
  return issues
}
