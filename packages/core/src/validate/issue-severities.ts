import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { Severity } from './skill-issue.js'

type Code = SkillErrorCode

/**
 * Severities of the `generic` profile: errors exactly where the reference validator (skills-ref)
 * fails a skill, warnings for what breaks agents in the wild but passes skills-ref, infos for notes.
 * Codes not listed are errors.
 */
export const genericSeverities: Readonly<Partial<Record<Code, Severity>>> = {
  [SkillErrorCode.SkillMdLowercase]: 'warning',
  [SkillErrorCode.EncodingBom]: 'warning',
  [SkillErrorCode.EncodingUtf16]: 'warning',
  [SkillErrorCode.EncodingLegacy]: 'warning',
  [SkillErrorCode.LineEndings]: 'warning',
  [SkillErrorCode.FieldVendor]: 'info',
  [SkillErrorCode.NameNonAscii]: 'warning',
  [SkillErrorCode.NameReservedWord]: 'warning',
  [SkillErrorCode.NameXmlTag]: 'warning',
  [SkillErrorCode.DescriptionMultiline]: 'warning',
  [SkillErrorCode.DescriptionXmlTag]: 'warning',
  [SkillErrorCode.CompatibilityEmpty]: 'warning',
  [SkillErrorCode.MetadataValueNotString]: 'warning',
  [SkillErrorCode.LicenseNotString]: 'warning',
  [SkillErrorCode.LicenseFileMissing]: 'warning',
  [SkillErrorCode.AllowedToolsFormat]: 'warning',
  [SkillErrorCode.ShortDescriptionTooLong]: 'warning',
  [SkillErrorCode.VersionInvalid]: 'warning',
  [SkillErrorCode.BodyTooManyLines]: 'warning',
  [SkillErrorCode.BodyTooManyTokens]: 'warning',
  [SkillErrorCode.LinkBroken]: 'warning',
  [SkillErrorCode.LinkOutsideSkill]: 'warning',
  [SkillErrorCode.NestedArchive]: 'warning',
}
