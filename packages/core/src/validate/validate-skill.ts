import type { ParsedSkillMd } from '../frontmatter/parse-skill-md.js'
import type { IssueDraft, SkillIssue } from './skill-issue.js'
import { type SkillProperties, toSkillProperties } from './skill-properties.js'
import { severityFor, type TargetId, targetProfiles } from './target-profiles.js'
import { validateBody } from './validate-body.js'
import { validateDescription } from './validate-description.js'
import { validateFields } from './validate-fields.js'
import { validateLicenseFile } from './validate-license-file.js'
import { validateName } from './validate-name.js'
import { validateOptionalFields } from './validate-optional-fields.js'

/** What is known about the skill besides SKILL.md. */
export interface SkillContext {
  /** The skill directory's name, compared with `name`; omit when there is none (e.g. a bare file). */
  readonly directoryName?: string
  /** Every file path of the skill relative to its root (posix), for license and link checks. */
  readonly files?: ReadonlySet<string>
  /** Issues found while reading the skill (e.g. a lowercase skill.md), to be judged by the profile. */
  readonly extraIssues?: readonly IssueDraft[]
}

export interface ValidateOptions {
  readonly target?: TargetId
}

/** The verdict on one skill: every issue, in file order, and the properties when the frontmatter parsed. */
export interface SkillValidation {
  readonly ok: boolean
  readonly issues: readonly SkillIssue[]
  readonly properties: SkillProperties | undefined
}

/**
 * Validates a parsed SKILL.md against the spec as the reference validator judges it, plus the
 * checks beyond it, and lets the target profile decide each issue's severity. `ok` is false when
 * any issue is an error. Never throws for any skill content.
 */
export function validateSkill(
  parsed: ParsedSkillMd,
  context: SkillContext = {},
  options: ValidateOptions = {},
): SkillValidation {
  const profile = targetProfiles[options.target ?? 'generic']
  const drafts: IssueDraft[] = [...(context.extraIssues ?? []), ...parsed.issues]
  const frontmatter = parsed.frontmatter
  let properties: SkillProperties | undefined
  if (frontmatter) {
    const { data, fieldLines } = frontmatter
    const name = validateName(data['name'], context.directoryName, fieldLines['name'])
    drafts.push(...validateFields(frontmatter, profile), ...name.issues)
    drafts.push(...validateDescription(data['description'], fieldLines['description']))
    drafts.push(...validateOptionalFields(frontmatter))
    const license = data['license']
    if (typeof license === 'string' && context.files)
      drafts.push(...validateLicenseFile(license, context.files, fieldLines['license']))
    drafts.push(...validateBody(parsed.body, parsed.bodyStartLine, context.files))
    properties = toSkillProperties(data, name.name)
  }
  const issues = judge(drafts, profile)
  return { ok: !issues.some((issue) => issue.severity === 'error'), issues, properties }
}

function judge(
  drafts: readonly IssueDraft[],
  profile: (typeof targetProfiles)[TargetId],
): SkillIssue[] {
  const issues: SkillIssue[] = []
  for (const draft of drafts) {
    const severity = draft.severity ?? severityFor(profile, draft.code)
    if (severity === 'info' && profile.id === 'strict') continue
    issues.push({ ...draft, severity })
  }
  return issues
}
