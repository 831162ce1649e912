import { describe, expect, it } from 'vitest'
import { skillMd, validFrontmatter } from '../../test/skill-md-builder.js'
import { SkillErrorCode } from '../errors/skill-error-codes.js'
import { parseSkillMd } from '../frontmatter/parse-skill-md.js'
import { type TargetId, targetIds, targetProfiles } from './target-profiles.js'
import { validateSkill } from './validate-skill.js'

function severities(frontmatter: string, target: TargetId) {
  const result = validateSkill(
    parseSkillMd(skillMd(frontmatter)),
    { directoryName: 'demo-skill' },
    { target },
  )
  return Object.fromEntries(result.issues.map((i) => [i.code, i.severity]))
}

describe('target profiles', () => {
  it('pins the target ids', () => {
    expect(targetIds).toEqual([
      'generic',
      'strict',
      'qoder',
      'claude-code',
      'codex',
      'cursor',
      'copilot',
      'gemini',
    ])
    for (const id of targetIds) expect(targetProfiles[id].id).toBe(id)
  })

  it.each([
    ['generic', 'error'],
    ['strict', 'error'],
    ['qoder', undefined],
    ['claude-code', undefined],
  ] as const)('%s judges the vendor key argument-hint: unknown=%s', (target, unknown) => {
    const result = severities(validFrontmatter('argument-hint: "[file]"'), target)
    expect(result[SkillErrorCode.FieldUnknown]).toBe(unknown)
    if (unknown === undefined) expect(result[SkillErrorCode.FieldVendor]).toBe('info')
  })

  it.each([
    ['generic', 'error'],
    ['codex', 'warning'],
    ['gemini', 'warning'],
  ] as const)('%s judges a key no agent reads as %s', (target, severity) => {
    expect(severities(validFrontmatter('tags: x'), target)[SkillErrorCode.FieldUnknown]).toBe(
      severity,
    )
  })

  it.each([
    ['generic', 'error'],
    ['claude-code', 'warning'],
    ['qoder', 'warning'],
  ] as const)('%s judges flow-style allowed-tools as %s', (target, severity) => {
    expect(
      severities(validFrontmatter('allowed-tools: [Read, Write]'), target)[
        SkillErrorCode.YamlFlowStyle
      ],
    ).toBe(severity)
  })

  it('makes a multi-line description an error for Qoder only', () => {
    const frontmatter = 'name: demo-skill\ndescription: |\n  one\n  two'
    expect(severities(frontmatter, 'generic')[SkillErrorCode.DescriptionMultiline]).toBe('warning')
    expect(severities(frontmatter, 'qoder')[SkillErrorCode.DescriptionMultiline]).toBe('error')
  })

  it('makes every warning an error under strict', () => {
    const frontmatter = validFrontmatter('compatibility: ""\nmetadata:\n  version: "1.0"')
    expect(severities(frontmatter, 'generic')).toMatchObject({
      [SkillErrorCode.CompatibilityEmpty]: 'warning',
      [SkillErrorCode.VersionInvalid]: 'warning',
    })
    expect(severities(frontmatter, 'strict')).toMatchObject({
      [SkillErrorCode.CompatibilityEmpty]: 'error',
      [SkillErrorCode.VersionInvalid]: 'error',
    })
  })

  it('makes a long short-description an error for Codex', () => {
    const frontmatter = validFrontmatter(`metadata:\n  short-description: ${'s'.repeat(501)}`)
    expect(severities(frontmatter, 'codex')[SkillErrorCode.ShortDescriptionTooLong]).toBe('error')
  })
})
