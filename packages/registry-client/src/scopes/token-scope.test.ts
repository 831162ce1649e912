import { describe, expect, it } from 'vitest'
import { parseScope, scopesAllow } from './token-scope.js'

describe('token scopes', () => {
  it('parses events:<glob> and refuses unknown actions with REGISTRY_SCOPE_INVALID', () => {
    expect(parseScope('events:my-skill')).toEqual({ kind: 'events', pattern: 'my-skill' })
    expect(() => parseScope('event:my-skill')).toThrow(
      expect.objectContaining({ code: 'REGISTRY_SCOPE_INVALID' }),
    )
    expect(() => parseScope('events:')).toThrow(
      expect.objectContaining({ code: 'REGISTRY_SCOPE_INVALID' }),
    )
  })

  it('lets events cover only posting events on matching names; publish and admin imply it', () => {
    const events = [parseScope('events:team-*')]
    expect(scopesAllow(events, 'events', 'team-pdf')).toBe(true)
    expect(scopesAllow(events, 'events', 'other')).toBe(false)
    expect(scopesAllow(events, 'read', 'team-pdf')).toBe(false)
    expect(scopesAllow(events, 'publish', 'team-pdf')).toBe(false)
    expect(scopesAllow([parseScope('publish:team-pdf')], 'events', 'team-pdf')).toBe(true)
    expect(scopesAllow([parseScope('read:*')], 'events', 'team-pdf')).toBe(false)
    expect(scopesAllow([parseScope('admin')], 'events', 'anything')).toBe(true)
  })
})
