import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { auditSkill } from '../src/audit-skill.js'
import { judge, parsePolicy } from '../src/policy.js'
import { loadCorpus } from './corpus/load-corpus.js'
import { mutate, mutations } from './mutations.js'

const malicious = loadCorpus(fileURLToPath(new URL('./corpus/', import.meta.url))).filter(
  (c) => c.label === 'malicious',
)
const policy = parsePolicy('default')

describe('mutations keep malicious cases blocked', () => {
  it.each(mutations.map((m) => [m.name, m] as const))('%s', (_name, mutation) => {
    const escaped = malicious
      .filter(
        (c) => judge(auditSkill(mutate(c.files, mutation)), policy, undefined).verdict !== 'block',
      )
      .map((c) => c.id)
    expect(escaped).toEqual([])
  })
})
