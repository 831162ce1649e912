import { describe, expect, it } from 'vitest'
import { parseEventsRequest } from './event-schemas.js'

const event = {
  id: 'e1',
  skill: 'pdf',
  version: '1.0.0',
  user: 'alice',
  metric: 'success',
  value: 1,
}
const problemOf = (changes: object) => {
  const parsed = parseEventsRequest({ events: [event, { ...event, id: 'e2', ...changes }] })
  return parsed.ok ? undefined : parsed.problem
}

describe('the events body schema', () => {
  it('accepts only 0 and 1 for 0/1 metrics', () => {
    expect(problemOf({ value: 0 })).toBeUndefined()
    for (const value of [7, -5, 0.5]) {
      expect(problemOf({ value })).toMatchObject({ index: 1, field: 'value' })
    }
    expect(problemOf({ metric: 'task_seconds', value: 7 })).toBeUndefined()
  })

  it('refuses values outside ±1e9 so that sums stay finite', () => {
    expect(problemOf({ metric: 'size', value: 1e9 })).toBeUndefined()
    expect(problemOf({ metric: 'size', value: -1e9 })).toBeUndefined()
    for (const value of [1e308, -1e10, 1e9 + 1]) {
      expect(problemOf({ metric: 'size', value })).toMatchObject({ index: 1, field: 'value' })
    }
  })

  it('refuses the metrics the server measures, and names the body for a bad shape', () => {
    for (const metric of ['load_time_ms', 'error', 'error.anonymous']) {
      expect(problemOf({ metric })).toMatchObject({ index: 1, field: 'metric' })
    }
    expect(parseEventsRequest({ events: {} })).toMatchObject({
      ok: false,
      problem: { field: 'events' },
    })
    expect(parseEventsRequest([])).toMatchObject({ ok: false, problem: { field: 'events' } })
  })
})
