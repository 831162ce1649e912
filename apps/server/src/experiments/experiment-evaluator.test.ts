import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newExperiment } from '../../test/contract/experiment-store.contract.js'
import { createLocalInvalidationBus } from '../invalidation/create-local-invalidation-bus.js'
import { createLogger } from '../logging/create-logger.js'
import {
  type OwnedSqliteExperimentStore,
  openSqliteExperimentStore,
} from '../storage/sqlite/sqlite-experiment-store.js'
import { createSqliteMetadataStore } from '../storage/sqlite/sqlite-metadata-store.js'
import { type ExperimentEvaluator, startExperimentEvaluator } from './experiment-evaluator.js'
import { createExperimentService, type ExperimentService } from './experiment-service.js'
import type { ArmObservation } from './experiment-store.js'

let folder: string
let store: OwnedSqliteExperimentStore
let metadata: ReturnType<typeof createSqliteMetadataStore>
let service: ExperimentService
let evaluator: ExperimentEvaluator
let logs: string[]

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'skillship-evaluator-'))
  const file = join(folder, 'registry.db')
  metadata = createSqliteMetadataStore({ file })
  await metadata.migrate()
  store = openSqliteExperimentStore({ file })
  logs = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const logger = createLogger('info', sink)
  service = createExperimentService({
    store,
    invalidation: createLocalInvalidationBus(),
    sharedStorage: false,
    logger,
  })
  // An hour: only the test's own `evaluate()` calls look.
  evaluator = startExperimentEvaluator({ service, metadata, logger, intervalMs: 3_600_000 })
})

afterEach(async () => {
  await evaluator.close()
  await service.close()
  await store.close()
  await metadata.close()
  await rm(folder, { recursive: true, force: true })
})

// `users` assigned to the arm, and `events` task_error observations of which `errors` are 1.
interface ArmData {
  readonly users: number
  readonly events: number
  readonly errors: number
}

async function runningWith(key: string, control: ArmData, treatment: ArmData): Promise<void> {
  await store.createExperiment(
    newExperiment(key, `skill-${key}`, {
      coverage: 1,
      guardrails: [{ metric: 'task_error', direction: 'lower-is-better' }],
    }),
  )
  await store.startExperiment(key, new Date())
  for (const [variant, data] of [
    ['control', control],
    ['b', treatment],
  ] as const) {
    for (let i = 0; i < data.users; i++) await store.assign(key, `${variant}-${i}`, variant)
    const observations: ArmObservation[] = Array.from({ length: data.events }, (_, i) => ({
      id: `${variant}-${i}`,
      experiment: key,
      variant,
      metric: 'task_error',
      value: i < data.errors ? 1 : 0,
    }))
    for (let at = 0; at < observations.length; at += 1000) {
      await store.addObservations(observations.slice(at, at + 1000))
    }
  }
}

const statusOf = async (key: string) => (await store.getExperiment(key))?.status
const logged = (text: string) =>
  logs.filter((line) => line.includes(text)).map((l) => JSON.parse(l))

describe('the evaluator ignores arms whose data fail basic sanity', () => {
  it('does not roll back on far more events than users in an arm, and logs why', async () => {
    await runningWith(
      'flooded',
      { users: 100, events: 100, errors: 2 },
      { users: 100, events: 6000, errors: 3000 },
    )
    await evaluator.evaluate()
    expect(await statusOf('flooded')).toBe('running')
    expect(logged('guardrail ignored')).toEqual([
      expect.objectContaining({
        experiment: 'flooded',
        variant: 'b',
        metric: 'task_error',
        reason: expect.stringContaining('6000 events from 100 users'),
      }),
    ])
    // The same reason is not logged again at every look.
    await evaluator.evaluate()
    expect(logged('guardrail ignored')).toHaveLength(1)
  })

  it('does not roll back when one arm has many times the events per user of the other', async () => {
    await runningWith(
      'skewed',
      { users: 200, events: 200, errors: 4 },
      { users: 200, events: 2000, errors: 1000 },
    )
    await evaluator.evaluate()
    expect(await statusOf('skewed')).toBe('running')
    expect(logged('guardrail ignored')[0]?.reason).toContain('events per user')
  })

  it('still rolls back on sane data showing a worse guardrail', async () => {
    await runningWith(
      'sane',
      { users: 400, events: 400, errors: 8 },
      { users: 400, events: 400, errors: 120 },
    )
    await evaluator.evaluate()
    expect(logged('guardrail ignored')).toEqual([])
    expect(logged('experiment rolled back by the evaluator')[0]?.reason).toContain(
      'guardrail task_error is worse in b',
    )
  })
})
