import { LRUCache } from 'lru-cache'

/** Limits of `POST /v1/events`, per replica (each process counts what it received). */
export interface EventLimits {
  /** Length of one counting window (default 60 s). */
  readonly windowMs: number
  /** Events one token may post per window (default 60,000). */
  readonly perToken: number
  /** Events about one user of one skill per window, whatever the token (default 120). */
  readonly perUser: number
  /** Most tokens and users whose windows are remembered (defaults 10,000 and 100,000). */
  readonly trackedTokens: number
  readonly trackedUsers: number
}

export const defaultEventLimits: EventLimits = {
  windowMs: 60_000,
  perToken: 60_000,
  perUser: 120,
  trackedTokens: 10_000,
  trackedUsers: 100_000,
}

/** A batch that may be counted, or the first limit it passes and when its window ends. */
export type EventLimitVerdict =
  | { readonly ok: true }
  | {
      readonly ok: false
      readonly limit: 'token' | 'user'
      readonly user?: string
      readonly retryAfterSeconds: number
    }

export interface EventLimiter {
  /** Takes a whole batch (all or nothing) from the token's and each user's window at `now` (ms). */
  take(
    token: string,
    events: readonly { readonly skill: string; readonly user: string }[],
    now: number,
  ): EventLimitVerdict
  size(): { tokens: number; users: number }
}

interface Window {
  start: number
  count: number
}

/**
 * Fixed-window counters in two bounded LRU caches (lru-cache: maintained, O(1), with a TTL that
 * drops idle windows). When more users are active than `trackedUsers`, the least recently seen
 * lose their window and start afresh: the per-token limit still bounds what one token sends.
 */
export function createEventLimiter(limits: Partial<EventLimits> = {}): EventLimiter {
  const options = { ...defaultEventLimits, ...limits }
  const tokens = new LRUCache<string, Window>({ max: options.trackedTokens, ttl: options.windowMs })
  const users = new LRUCache<string, Window>({ max: options.trackedUsers, ttl: options.windowMs })
  const current = (cache: LRUCache<string, Window>, key: string, now: number): Window => {
    const found = cache.get(key)
    return found !== undefined && now - found.start < options.windowMs
      ? found
      : { start: now, count: 0 }
  }
  const retryAfter = (window: Window, now: number) =>
    Math.max(1, Math.ceil((window.start + options.windowMs - now) / 1000))
  return {
    take(token, events, now) {
      const tokenWindow = current(tokens, token, now)
      if (tokenWindow.count + events.length > options.perToken) {
        return { ok: false, limit: 'token', retryAfterSeconds: retryAfter(tokenWindow, now) }
      }
      const perUser = new Map<string, { user: string; window: Window; adding: number }>()
      for (const { skill, user } of events) {
        const key = `${skill}\n${user}`
        const entry = perUser.get(key) ?? { user, window: current(users, key, now), adding: 0 }
        entry.adding += 1
        if (entry.window.count + entry.adding > options.perUser) {
          return {
            ok: false,
            limit: 'user',
            user,
            retryAfterSeconds: retryAfter(entry.window, now),
          }
        }
        perUser.set(key, entry)
      }
      tokenWindow.count += events.length
      // A window's entry lives as long as the window: its TTL starts with it.
      tokens.set(token, tokenWindow, { noUpdateTTL: tokenWindow.start !== now })
      for (const [key, { window, adding }] of perUser) {
        window.count += adding
        users.set(key, window, { noUpdateTTL: window.start !== now })
      }
      return { ok: true }
    },
    size: () => ({ tokens: tokens.size, users: users.size }),
  }
}
