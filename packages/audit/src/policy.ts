import { SkillshipError } from '@skillship/core/errors'
import { AuditErrorCode } from './errors/audit-error-codes.js'
import type { AuditReport, Confidence, Finding, Severity } from './types.js'

export type Verdict = 'pass' | 'warn' | 'block'
export type PresetName = 'strict' | 'default' | 'permissive'
export const presetNames: readonly PresetName[] = ['strict', 'default', 'permissive']

type Matrix = Readonly<Record<Severity, Readonly<Record<Confidence, Verdict>>>>

const row = (
  high: Verdict,
  medium: Verdict,
  low: Verdict,
): Readonly<Record<Confidence, Verdict>> => ({ high, medium, low })

/** Severity x confidence -> action, per preset. */
export const presets: Readonly<Record<PresetName, { matrix: Matrix; incomplete: Verdict }>> = {
  strict: {
    matrix: {
      critical: row('block', 'block', 'block'),
      high: row('block', 'block', 'block'),
      medium: row('block', 'block', 'warn'),
      low: row('warn', 'warn', 'warn'),
      info: row('pass', 'pass', 'pass'),
    },
    incomplete: 'block',
  },
  default: {
    matrix: {
      critical: row('block', 'block', 'warn'),
      high: row('block', 'block', 'warn'),
      medium: row('warn', 'warn', 'pass'),
      low: row('pass', 'pass', 'pass'),
      info: row('pass', 'pass', 'pass'),
    },
    incomplete: 'block',
  },
  permissive: {
    matrix: {
      critical: row('block', 'warn', 'warn'),
      high: row('warn', 'warn', 'pass'),
      medium: row('warn', 'pass', 'pass'),
      low: row('pass', 'pass', 'pass'),
      info: row('pass', 'pass', 'pass'),
    },
    incomplete: 'warn',
  },
}

/**
 * A consumer's exception: this rule, for this skill, at exactly this content digest. A new version
 * has a new digest and is judged afresh. Entries come from the consumer's policy, never the skill.
 */
export interface AllowEntry {
  readonly rule: string
  readonly skill: string
  readonly integrity: string
  readonly reason: string
}

export interface AuditPolicy {
  readonly preset: PresetName
  readonly allow: readonly AllowEntry[]
}

export interface JudgedFinding extends Finding {
  readonly action: Verdict
  /** The allow entry's reason when the consumer's policy allowed this finding. */
  readonly allowed?: string
}

export interface Judgement {
  readonly verdict: Verdict
  readonly findings: readonly JudgedFinding[]
  readonly incomplete: boolean
}

const order: Readonly<Record<Verdict, number>> = { pass: 0, warn: 1, block: 2 }

export function judge(
  report: AuditReport,
  policy: AuditPolicy,
  integrity: string | undefined,
): Judgement {
  const preset = presets[policy.preset]
  let verdict: Verdict = report.incomplete ? preset.incomplete : 'pass'
  const findings = report.findings.map((f): JudgedFinding => {
    const entry = policy.allow.find(
      (a) =>
        a.rule === f.rule &&
        a.skill === report.skill &&
        integrity !== undefined &&
        a.integrity === integrity,
    )
    if (entry !== undefined) return { ...f, action: 'pass', allowed: entry.reason }
    const action = preset.matrix[f.severity][f.confidence]
    if (order[action] > order[verdict]) verdict = action
    return { ...f, action }
  })
  return { verdict, findings, incomplete: report.incomplete }
}

/** Parses a policy: a preset name, or JSON `{ preset, allow }`, or a skillship.json with an `audit` section. */
export function parsePolicy(input: unknown): AuditPolicy {
  if (typeof input === 'string') {
    if (!isPreset(input)) throw invalid(`Unknown policy '${input}'`)
    return { preset: input, allow: [] }
  }
  const record = asObject(input, 'the policy')
  const section = 'audit' in record ? asObject(record['audit'], 'the audit section') : record
  const preset = section['preset'] ?? section['policy'] ?? 'default'
  if (typeof preset !== 'string' || !isPreset(preset))
    throw invalid(`Unknown policy preset '${String(preset)}'`)
  const allowRaw = section['allow'] ?? []
  if (!Array.isArray(allowRaw) || allowRaw.length > 10_000)
    throw invalid('allow must be a list of entries')
  const allow = allowRaw.map((entry, i): AllowEntry => {
    const e = asObject(entry, `allow[${i}]`)
    const fields = ['rule', 'skill', 'integrity', 'reason'] as const
    for (const field of fields) {
      const v = e[field]
      if (typeof v !== 'string' || v.trim() === '' || v.length > 1000)
        throw invalid(`allow[${i}].${field} must be a non-empty string`)
    }
    return {
      rule: e['rule'] as string,
      skill: e['skill'] as string,
      integrity: e['integrity'] as string,
      reason: e['reason'] as string,
    }
  })
  return { preset, allow }
}

function isPreset(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name)
}

function asObject(value: unknown, what: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw invalid(`${what} must be an object`)
  return value as Record<string, unknown>
}

function invalid(message: string): SkillshipError {
  return new SkillshipError(AuditErrorCode.PolicyInvalid, message, {
    hint: 'Use strict, default or permissive, or a JSON file { "preset": ..., "allow": [{ "rule", "skill", "integrity", "reason" }] }.',
  })
}
