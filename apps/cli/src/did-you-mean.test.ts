import { describe, expect, it } from 'vitest'
import { closestMatch } from './did-you-mean.js'

describe('closestMatch', () => {
  const commands = ['install', 'list', 'lint', 'ls', 'remove', 'doctor']

  it.each([
    ['instal', 'install'],
    ['isntall', 'install'],
    ['lsit', 'list'],
    ['doctr', 'doctor'],
    ['remov', 'remove'],
    ['inst', 'install'],
  ])('%s -> %s', (input, expected) => {
    expect(closestMatch(input, commands)).toBe(expected)
  })

  it.each(['x', 'zzzzzz', 'publish', ''])('offers nothing for %j', (input) => {
    expect(closestMatch(input, commands)).toBeUndefined()
  })

  it('matches options with their dashes', () => {
    expect(closestMatch('--agents', ['--agent', '--global', '--json'])).toBe('--agent')
    expect(closestMatch('--jsno', ['--agent', '--global', '--json'])).toBe('--json')
  })
})
