// The runtime-neutral public API of @skillship/core. Node-only parts live in ./node.ts.
export {
  type DecodedSkillMd,
  decodeSkillMd,
  type SkillMdEncoding,
} from './encoding/decode-skill-md.js'
export { isNetworkErrorCode } from './errors/network-error-codes.js'
export { SkillErrorCode } from './errors/skill-error-codes.js'
export {
  errnoCode,
  isSkillshipError,
  SkillshipError,
  type SkillshipErrorOptions,
} from './errors/skillship-error.js'
export { fixSkillMd, type SkillMdFix } from './fix/fix-skill-md.js'
export {
  defaultFrontmatterLimits,
  type FrontmatterLimits,
} from './frontmatter/frontmatter-limits.js'
export {
  type Frontmatter,
  parseFrontmatterYaml,
  type YamlValue,
} from './frontmatter/parse-frontmatter-yaml.js'
export { type ParsedSkillMd, parseSkillMd } from './frontmatter/parse-skill-md.js'
export {
  detectLineEndings,
  type LineEndingStyle,
  splitFrontmatter,
} from './frontmatter/split-frontmatter.js'
export { compareText, isJsonRecord } from './plain-data.js'
export { codePointLength } from './validate/code-points.js'
export { isSemver } from './validate/semver.js'
export {
  hasBlockingIssue,
  type IssueDraft,
  type Severity,
  type SkillIssue,
} from './validate/skill-issue.js'
export type { SkillProperties } from './validate/skill-properties.js'
export {
  isTargetId,
  specKeys,
  type TargetId,
  type TargetProfile,
  targetIds,
  targetProfiles,
} from './validate/target-profiles.js'
export {
  type SkillContext,
  type SkillValidation,
  type ValidateOptions,
  validateSkill,
} from './validate/validate-skill.js'
