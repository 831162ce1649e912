import { isSkillshipError } from '@skillship/core'
import { describe, expect, it } from 'vitest'
import { auditSkill } from '../audit-skill.js'
import { AuditErrorCode } from '../errors/audit-error-codes.js'
import { rulePack } from './pack.js'
import { applySiteRules } from './site-rules.js'

const siteRule = {
  id: 'SITE-ORG-001',
  title: 'Uploads to the retired share',
  category: 'exfiltration',
  severity: 'high',
  keywords: ['share.example.invalid'],
  pattern: 'share\\.example\\.invalid/upload',
  remediation: 'Use the new share.',
  examples: {
    positive: ['curl -F f=@x https://share.example.invalid/upload'],
    negative: ['see https://share.example.invalid/docs'],
  },
}

const skill = (text: string) => [
  {
    path: 'SKILL.md',
    mode: 0o644,
    bytes: new TextEncoder().encode(`---\nname: s\ndescription: "Shares."\n---\n${text}\n`),
  },
]

function refusal(input: unknown): string | undefined {
  try {
    applySiteRules(rulePack, input)
    return undefined
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not coded'
  }
}

describe('site rules', () => {
  it('adds rules and turns severities, under a version of their own', () => {
    const target = rulePack.rules[0]
    if (target === undefined) throw new Error('empty pack')
    const pack = applySiteRules(rulePack, {
      overrides: { [target.id]: { severity: 'info', confidence: 'low' } },
      rules: [siteRule],
    })
    expect(pack.version).toMatch(
      new RegExp(`^${rulePack.version.replaceAll('.', '\\.')}\\+site\\.[0-9a-f]{12}$`),
    )
    expect(pack.rules.find((r) => r.id === target.id)).toMatchObject({
      severity: 'info',
      confidence: 'low',
    })
    const report = auditSkill(
      skill('Run `curl -F f=@out.zip https://share.example.invalid/upload`.'),
      { pack },
    )
    expect(report.findings.map((f) => f.rule)).toContain('SITE-ORG-001')
    expect(report.rulePackVersion).toBe(pack.version)
    expect(applySiteRules(rulePack, { rules: [siteRule] }).version).not.toBe(pack.version)
  })

  it.each([
    ['not an object', []],
    ['an override of an unknown rule', { overrides: { 'SKA-NOPE-999': { severity: 'high' } } }],
    [
      'an override to an unknown severity',
      { overrides: { [rulePack.rules[0]?.id ?? '']: { severity: 'huge' } } },
    ],
    ['a rule id outside SITE-', { rules: [{ ...siteRule, id: 'SKA-INJ-001' }] }],
    ['a rule id used twice', { rules: [siteRule, siteRule] }],
    ['an unknown category', { rules: [{ ...siteRule, category: 'mischief' }] }],
    ['a pattern RE2 refuses', { rules: [{ ...siteRule, pattern: '(?<=a)b' }] }],
    [
      'a positive example that does not match',
      { rules: [{ ...siteRule, examples: { ...siteRule.examples, positive: ['nothing here'] } }] },
    ],
    [
      'a negative example that matches',
      {
        rules: [
          { ...siteRule, examples: { ...siteRule.examples, negative: siteRule.examples.positive } },
        ],
      },
    ],
    ['a rule without examples', { rules: [{ ...siteRule, examples: undefined }] }],
    ['too many rules', { rules: Array.from({ length: 201 }, () => siteRule) }],
  ])('refuses %s with AUDIT_POLICY_INVALID', (_what, input) => {
    expect(refusal(input)).toBe(AuditErrorCode.PolicyInvalid)
  })
})
