import { describe, expect, it } from 'vitest'
import { CliErrorCode } from '../cli-error-codes.js'
import { gitHostsFor } from './git-hosts.js'

describe('git shorthand hosts', () => {
  it('take the environment, then the user config, then github.com and gitlab.com', () => {
    const config = { gitHosts: { github: 'https://mirror.example.com/gh' } }
    expect(gitHostsFor({}, {}, 'c.json')).toEqual({
      github: 'https://github.com',
      gitlab: 'https://gitlab.com',
    })
    expect(gitHostsFor({}, config, 'c.json').github).toBe('https://mirror.example.com/gh')
    const env = { SKILLSHIP_GITHUB_BASE: 'file:///srv/gh', SKILLSHIP_GITLAB_BASE: 'ssh://git@gl' }
    expect(gitHostsFor(env, config, 'c.json')).toEqual({
      github: 'file:///srv/gh',
      gitlab: 'ssh://git@gl',
    })
  })

  it('refuses a config value that is not a string with CLI_CONFIG_INVALID', () => {
    expect(() =>
      gitHostsFor({}, { gitHosts: { gitlab: 42 as unknown as string } }, 'c.json'),
    ).toThrowError(expect.objectContaining({ code: CliErrorCode.ConfigInvalid }))
  })
})
