import { describe, expect, it } from 'vitest'
import { defaultHealthStaleMs, parseServerConfig } from './server-config.js'

const health = (env: Record<string, string>, port?: string) =>
  parseServerConfig({ env, flags: { data: '/tmp/x', ...(port === undefined ? {} : { port }) } })
    .health

describe('the health listener settings', () => {
  it('are off by default, with a 10 s staleness threshold', () => {
    expect(health({})).toEqual({ port: undefined, staleMs: defaultHealthStaleMs })
    expect(defaultHealthStaleMs).toBe(10_000)
  })

  it('read SKILLSHIP_HEALTH_PORT and SKILLSHIP_HEALTH_STALE_MS', () => {
    expect(health({ SKILLSHIP_HEALTH_PORT: '7465', SKILLSHIP_HEALTH_STALE_MS: '3000' })).toEqual({
      port: 7465,
      staleMs: 3000,
    })
    expect(health({ SKILLSHIP_HEALTH_PORT: '0' }, '0')).toMatchObject({ port: 0 })
  })

  it.each([
    [{ SKILLSHIP_HEALTH_PORT: '7464' }, 'SKILLSHIP_HEALTH_PORT'],
    [{ SKILLSHIP_HEALTH_PORT: '70000' }, 'SKILLSHIP_HEALTH_PORT'],
    [{ SKILLSHIP_HEALTH_STALE_MS: '100' }, 'SKILLSHIP_HEALTH_STALE_MS'],
  ])('refuse %o with REGISTRY_CONFIG_INVALID naming %s', (env, name) => {
    let caught: unknown
    try {
      health(env)
    } catch (error) {
      caught = error
    }
    expect(caught).toMatchObject({ code: 'REGISTRY_CONFIG_INVALID' })
    expect((caught as Error).message).toContain(name)
  })
})
