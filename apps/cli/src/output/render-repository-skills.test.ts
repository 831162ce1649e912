import { describe, expect, it } from 'vitest'
import { renderRepositorySkills } from './render-repository-skills.js'

describe('renderRepositorySkills', () => {
  it('starts every description at the same column', () => {
    const skill = (name: string, path: string) => ({
      name,
      path,
      description: `about ${name}`,
      version: undefined,
    })
    const lines = renderRepositorySkills({
      url: 'file:///repo',
      ref: undefined,
      commit: 'f'.repeat(40),
      skills: [skill('root-skill', '.'), skill('x', 'skills/x'), skill('long', 'skills/long-path')],
    })
    const columns = lines.slice(0, 3).map((line) => line.indexOf('about '))
    expect(new Set(columns).size).toBe(1)
  })
})
