import { describe, expect, it } from 'vitest'
import { activityPageSchema } from './activity-documents.js'
import { experimentHistorySchema } from './experiment-history-documents.js'
import { skillStatsSchema } from './load-stats-documents.js'
import { checkWire } from './wire-schema.js'

const stats = {
  name: 'code-review',
  from: '2026-11-08',
  to: '2026-12-07',
  series: [
    { day: '2026-12-07', version: '3.0.0', loads: 3, hits: 2, loadTimeMs: { p50: 0.1, p95: null } },
  ],
  phases: { resolve: 0.01, blobRead: 0.02, integrity: 0.01, unpack: 0.05, render: 0.01 },
}

const entry = {
  id: '42',
  at: '2026-12-07T17:00:00.000Z',
  actor: 'ci',
  action: 'publish',
  target: 'code-review@3.0.0',
  details: { tag: 'latest' },
}

describe('console documents', () => {
  it('accept what the server answers', () => {
    expect(checkWire(skillStatsSchema, stats).ok).toBe(true)
    expect(checkWire(activityPageSchema, { entries: [entry], next: null }).ok).toBe(true)
    const arm = { key: 'control', version: '1.0.0', users: 3, n: 3, sum: 1, sumSquares: 1 }
    const history = { id: 'x', metric: 'success', points: [{ day: '2026-12-07', arms: [arm] }] }
    expect(checkWire(experimentHistorySchema, history).ok).toBe(true)
  })

  it.each([
    ['a day that is not YYYY-MM-DD', skillStatsSchema, { ...stats, from: '7.12.2026' }, 'from'],
    [
      'a negative count',
      skillStatsSchema,
      { ...stats, series: [{ ...stats.series[0], loads: -1 }] },
      'series[0].loads',
    ],
    [
      'an id that is not digits',
      activityPageSchema,
      { entries: [{ ...entry, id: '4a' }], next: null },
      'entries[0].id',
    ],
    ['a next of 0', activityPageSchema, { entries: [], next: '0' }, 'next'],
  ] as const)('refuse %s', (_label, schema, value, path) => {
    const checked = checkWire(schema, value)
    expect(checked.ok ? '' : checked.path).toBe(path)
  })
})
