import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { auditSkill } from '../src/audit-skill.js'
import { judge, parsePolicy } from '../src/policy.js'
import { loadCorpus } from './corpus/load-corpus.js'

const corpus = loadCorpus(fileURLToPath(new URL('./corpus/', import.meta.url)))
const policy = parsePolicy('default')
const verdictOf = (files: Parameters<typeof auditSkill>[0]) =>
  judge(auditSkill(files), policy, undefined).verdict

describe('labelled corpus', () => {
  it('holds at least 60 malicious and 60 benign cases, 4+ malicious per category', () => {
    const malicious = corpus.filter((c) => c.label === 'malicious')
    expect(malicious.length).toBeGreaterThanOrEqual(60)
    expect(corpus.filter((c) => c.label === 'benign').length).toBeGreaterThanOrEqual(60)
    const perCategory = new Map<string, number>()
    for (const c of malicious) perCategory.set(c.category, (perCategory.get(c.category) ?? 0) + 1)
    expect(perCategory.size).toBe(13)
    for (const [category, n] of perCategory)
      expect({ category, n: n >= 4 }).toEqual({ category, n: true })
  })

  it.each(corpus.filter((c) => c.label === 'malicious').map((c) => [c.id, c] as const))(
    'blocks malicious %s',
    (_id, c) => {
      expect(verdictOf(c.files)).toBe('block')
    },
  )

  it.each(corpus.filter((c) => c.label === 'benign').map((c) => [c.id, c] as const))(
    'does not block benign %s',
    (_id, c) => {
      expect(verdictOf(c.files)).not.toBe('block')
    },
  )
})
