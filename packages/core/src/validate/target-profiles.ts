import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { genericSeverities } from './issue-severities.js'
import type { Severity } from './skill-issue.js'

/** The agents (and modes) lint can check a skill for. */
export const targetIds = [
  'generic',
  'strict',
  'qoder',
  'claude-code',
  'codex',
  'cursor',
  'copilot',
  'gemini',
] as const
export type TargetId = (typeof targetIds)[number]

/** What one target accepts: the vendor keys it reads, and how severe each finding is for it. */
export interface TargetProfile {
  readonly id: TargetId
  readonly label: string
  /** Top-level keys outside the spec that this target reads (accepted with an info). */
  readonly vendorKeys: readonly string[]
  readonly severities: Readonly<Partial<Record<SkillErrorCode, Severity>>>
}

/** The six keys the Agent Skills spec defines. */
export const specKeys = [
  'name',
  'description',
  'license',
  'compatibility',
  'metadata',
  'allowed-tools',
] as const

const claudeKeys = [
  'argument-hint',
  'disable-model-invocation',
  'user-invocable',
  'model',
  'effort',
  'context',
  'agent',
  'hooks',
  'paths',
  'when_to_use',
]
const qoderKeys = [
  'argument-hint',
  'argumentHint',
  'model',
  'context',
  'allowedTools',
  'arguments',
  'when-to-use',
  'when_to_use',
  'whenToUse',
  'effort',
  'disable-model-invocation',
  'disableModelInvocation',
  'user-invocable',
  'userInvocable',
  'agent',
  'paths',
  'tools',
]

// Agents that read frontmatter leniently ignore unknown keys and accept flow-style lists.
const lenient: Readonly<Partial<Record<SkillErrorCode, Severity>>> = {
  [SkillErrorCode.FieldUnknown]: 'warning',
  [SkillErrorCode.YamlFlowStyle]: 'warning',
}

const strictSeverities = Object.fromEntries(
  Object.entries(genericSeverities).map(([code, severity]) => [
    code,
    severity === 'warning' ? 'error' : severity,
  ]),
) as Readonly<Partial<Record<SkillErrorCode, Severity>>>

/** One record per target; a new agent is a new record, not a new branch in code. */
export const targetProfiles: Readonly<Record<TargetId, TargetProfile>> = {
  generic: {
    id: 'generic',
    label: 'Agent Skills spec, as the reference validator checks it',
    vendorKeys: [],
    severities: genericSeverities,
  },
  strict: {
    id: 'strict',
    label: 'Spec only: spec keys, and every recommendation enforced',
    vendorKeys: [],
    severities: strictSeverities,
  },
  qoder: {
    id: 'qoder',
    label: 'Qoder IDE and CLI',
    vendorKeys: qoderKeys,
    severities: {
      ...genericSeverities,
      ...lenient,
      [SkillErrorCode.DescriptionMultiline]: 'error',
      [SkillErrorCode.AllowedToolsFormat]: 'info',
    },
  },
  'claude-code': {
    id: 'claude-code',
    label: 'Claude Code',
    vendorKeys: claudeKeys,
    severities: { ...genericSeverities, ...lenient, [SkillErrorCode.AllowedToolsFormat]: 'info' },
  },
  codex: {
    id: 'codex',
    label: 'OpenAI Codex',
    vendorKeys: [],
    severities: {
      ...genericSeverities,
      ...lenient,
      [SkillErrorCode.ShortDescriptionTooLong]: 'error',
      [SkillErrorCode.SkillMdLowercase]: 'error',
    },
  },
  cursor: {
    id: 'cursor',
    label: 'Cursor',
    vendorKeys: ['disable-model-invocation'],
    severities: { ...genericSeverities, ...lenient },
  },
  copilot: {
    id: 'copilot',
    label: 'GitHub Copilot',
    vendorKeys: ['argument-hint', 'disable-model-invocation', 'user-invocable'],
    severities: { ...genericSeverities, ...lenient, [SkillErrorCode.SkillMdLowercase]: 'error' },
  },
  gemini: {
    id: 'gemini',
    label: 'Gemini CLI',
    vendorKeys: [],
    severities: { ...genericSeverities, ...lenient },
  },
}

/** True when `value` names a target profile. */
export function isTargetId(value: string): value is TargetId {
  return (targetIds as readonly string[]).includes(value)
}

/** The severity `profile` gives to `code`. */
export function severityFor(profile: TargetProfile, code: SkillErrorCode): Severity {
  return profile.severities[code] ?? 'error'
}
