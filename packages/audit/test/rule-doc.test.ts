import { describe, expect, it } from 'vitest'
import { currentRuleTable, renderRuleTable } from './rule-doc.js'

describe('docs/audit.md', () => {
  it('lists every rule of the pack as generated from it', () => {
    expect(currentRuleTable()).toBe(renderRuleTable())
  })
})
