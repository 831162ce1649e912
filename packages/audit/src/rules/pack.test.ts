import { describe, expect, it } from 'vitest'
import { buildTextView, resolveShellVariables, unsplice } from '../normalize/text-view.js'
import { categories, confidences, severities } from '../types.js'
import { derivedRules } from './derived-rules.js'
import { rulePack } from './pack.js'
import { compileRules, ruleMatches } from './run-rules.js'

const view = (text: string) => buildTextView(resolveShellVariables(unsplice(text)), 1)

describe('rule pack', () => {
  const compiled = compileRules(rulePack.rules)

  it('has unique, stable-looking ids and valid metadata', () => {
    const ids = [...rulePack.rules.map((r) => r.id), ...derivedRules.map((r) => r.id)]
    expect(new Set(ids).size).toBe(ids.length)
    for (const rule of [...rulePack.rules, ...derivedRules]) {
      expect(rule.id).toMatch(/^SKA-[A-Z]{3}-\d{3}$/)
      expect(categories).toContain(rule.category)
      expect(severities).toContain(rule.severity)
      expect(confidences).toContain(rule.confidence)
      expect(rule.remediation.length).toBeGreaterThan(10)
    }
  })

  it('gives every pattern rule a positive and a negative example', () => {
    for (const rule of rulePack.rules) {
      expect(rule.examples.positive.length, rule.id).toBeGreaterThan(0)
      expect(rule.examples.negative.length, rule.id).toBeGreaterThan(0)
    }
  })

  const rows = compiled.flatMap((c) => [
    ...c.rule.examples.positive.map((text) => [c.rule.id, 'matches', text, c, true] as const),
    ...c.rule.examples.negative.map(
      (text) => [c.rule.id, 'does not match', text, c, false] as const,
    ),
  ])
  it.each(rows)('%s %s %j', (_id, _what, text, c, expected) => {
    expect(ruleMatches(c, view(text))).toBe(expected)
  })
})
