import { describe, expect, it } from 'vitest'
import { CliErrorCode } from '../cli-error-codes.js'
import { takeSkillPicks } from './skill-picks.js'

describe('--skill of add', () => {
  it.each([
    [
      ['acme/skills', '--skill', 'a', 'b', '--json'],
      ['acme/skills', '--json'],
      ['a', 'b'],
    ],
    [['acme/skills', '--skill', 'a', '--skill=b'], ['acme/skills'], ['a', 'b']],
    [['acme/skills', '--skill', '*'], ['acme/skills'], ['*']],
    [['acme/skills', '--json'], ['acme/skills', '--json'], undefined],
    [['acme/skills', '--', '--skill', 'a'], ['acme/skills', '--', '--skill', 'a'], undefined],
  ])('reads %j', (args, rest, skills) => {
    expect(takeSkillPicks(args)).toEqual({ rest, skills })
  })

  it.each([[['acme/skills', '--skill']], [['acme/skills', '--skill', '--json']], [['--skill=']]])(
    'refuses %j with CLI_USAGE',
    (args) => {
      expect(() => takeSkillPicks(args)).toThrowError(
        expect.objectContaining({ code: CliErrorCode.Usage }),
      )
    },
  )
})
