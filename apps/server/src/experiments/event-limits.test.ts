import { describe, expect, it } from 'vitest'
import { createEventLimiter } from './event-limits.js'

const options = { windowMs: 60_000, perToken: 10, perUser: 3, trackedUsers: 4, trackedTokens: 2 }
const batch = (skill: string, ...users: string[]) => users.map((user) => ({ skill, user }))

describe('event limits', () => {
  it('refuses a whole batch past the per-user limit, counts nothing of it, and says when to retry', () => {
    const limiter = createEventLimiter(options)
    expect(limiter.take('t1', batch('s', 'a', 'a'), 0)).toEqual({ ok: true })
    const refused = limiter.take('t1', batch('s', 'b', 'a', 'a'), 15_000)
    expect(refused).toEqual({ ok: false, limit: 'user', user: 'a', retryAfterSeconds: 45 })
    // Nothing of the refused batch was counted: b still has its whole allowance.
    expect(limiter.take('t1', batch('s', 'b', 'b', 'b'), 16_000)).toEqual({ ok: true })
    // A user is counted per skill; a new window starts afresh.
    expect(limiter.take('t1', batch('other', 'a', 'a', 'a'), 16_000)).toEqual({ ok: true })
    expect(limiter.take('t1', batch('s', 'a'), 60_000)).toEqual({ ok: true })
  })

  it('refuses past the per-token limit whatever the users', () => {
    const limiter = createEventLimiter(options)
    expect(limiter.take('t1', batch('s', 'a', 'b', 'c', 'd', 'e', 'f'), 0)).toEqual({ ok: true })
    expect(limiter.take('t1', batch('s', 'g', 'h', 'i', 'j', 'k'), 1000)).toMatchObject({
      ok: false,
      limit: 'token',
      retryAfterSeconds: 59,
    })
    expect(limiter.take('t2', batch('s', 'g'), 1000)).toEqual({ ok: true })
  })

  it('keeps at most the configured number of users and tokens in memory', () => {
    const limiter = createEventLimiter(options)
    for (let i = 0; i < 50; i++) limiter.take(`t${i}`, batch('s', `u${i}`), i)
    expect(limiter.size()).toEqual({ tokens: 2, users: 4 })
  })
})
