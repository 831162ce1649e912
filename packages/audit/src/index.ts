// The runtime-neutral public API of @skillship/audit. Reading skills from disk lives in ./node.ts.
export { type AuditOptions, auditSkill } from './audit-skill.js'
export { type AuditLimits, defaultAuditLimits } from './budget.js'
export { AuditErrorCode } from './errors/audit-error-codes.js'
export {
  type AllowEntry,
  type AuditPolicy,
  type JudgedFinding,
  type Judgement,
  judge,
  type PresetName,
  parsePolicy,
  presetNames,
  presets,
  type Verdict,
} from './policy.js'
export {
  type CapabilityManifest,
  capabilityManifest,
  diffManifests,
  type ManifestDiff,
} from './report/capability-manifest.js'
export { type SarifInput, toSarif } from './report/sarif.js'
export { type DerivedRule, derivedRules } from './rules/derived-rules.js'
export { rulePack } from './rules/pack.js'
export type { Rule } from './rules/rule.js'
export {
  type AuditFile,
  type AuditReport,
  type Capability,
  type CapabilityKind,
  type Category,
  type Confidence,
  categories,
  type Finding,
  type Severity,
  type Surface,
} from './types.js'
