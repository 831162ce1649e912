import type { AuditSummary } from '@skillship/registry-client'
import { describe, expect, it } from 'vitest'
import { verdictFromSummary } from './summary-verdict.js'

const summary = (findings: Record<string, number>, incomplete = false): AuditSummary => ({
  verdict: 'pass',
  rulePack: '2026.12.2',
  findings,
  incomplete,
  auditedAt: '2026-12-07T00:00:00.000Z',
})

describe('verdictFromSummary', () => {
  it('decides when every confidence of every counted severity gives the same action', () => {
    expect(verdictFromSummary(summary({}), 'strict')).toBe('pass')
    expect(verdictFromSummary(summary({ info: 3, low: 0 }), 'default')).toBe('pass')
    expect(verdictFromSummary(summary({ low: 2 }), 'default')).toBe('pass')
    expect(verdictFromSummary(summary({ low: 2 }), 'strict')).toBe('warn')
    // strict blocks high findings at every confidence: block is certain from the counts.
    expect(verdictFromSummary(summary({ high: 1, low: 4 }), 'strict')).toBe('block')
  })

  it('leaves it undecided when the confidence (not in the summary) would decide', () => {
    expect(verdictFromSummary(summary({ critical: 1 }), 'default')).toBeUndefined()
    expect(verdictFromSummary(summary({ medium: 1 }), 'permissive')).toBeUndefined()
    expect(verdictFromSummary(summary({ medium: 1 }), 'strict')).toBeUndefined()
  })

  it('counts incomplete as the preset says, and refuses to guess about unknown severities', () => {
    expect(verdictFromSummary(summary({}, true), 'default')).toBe('block')
    expect(verdictFromSummary(summary({}, true), 'permissive')).toBe('warn')
    expect(verdictFromSummary(summary({ catastrophic: 1 }), 'permissive')).toBeUndefined()
    expect(verdictFromSummary(summary(JSON.parse('{"__proto__": 1}')), 'default')).toBeUndefined()
  })
})
