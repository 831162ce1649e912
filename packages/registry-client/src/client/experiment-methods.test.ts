import { afterEach, describe, expect, it } from 'vitest'
import { closeFakeRegistries, fakeRegistry, sendJson } from '../../test/fake-registry.js'
import { validAnswer } from '../../test/wire-fixtures.js'
import { ExperimentErrorCode } from '../errors/experiment-error-codes.js'
import type { ExperimentDocument } from '../wire/experiment-documents.js'
import { createRegistryClient } from './create-registry-client.js'
import type { RegistryClient } from './registry-client.js'
import { RegistryHttpError } from './registry-http-error.js'

afterEach(closeFakeRegistries)

const experiment: ExperimentDocument = {
  key: 'cr-3',
  skill: 'code-review',
  seed: 's1',
  status: 'draft',
  variants: [
    { key: 'control', version: '2.3.1', weight: 0.8 },
    { key: 'b', version: '3.0.0', weight: 0.2 },
  ],
  coverage: 1,
  primaryMetric: 'success',
  guardrails: [{ metric: 'load_time_ms', direction: 'lower-is-better' }],
  ramp: [],
  createdAt: '2025-01-01T00:00:00.000Z',
  startedAt: null,
  endedAt: null,
  decision: null,
}

type Call = (client: RegistryClient) => Promise<unknown>

describe('createRegistryClient: experiments', () => {
  it.each<[string, Call, string, string, Record<string, string>, unknown]>([
    [
      'createExperiment',
      (c) =>
        c.createExperiment({
          key: 'cr-3',
          skill: 'code-review',
          variants: experiment.variants,
          primaryMetric: 'success',
          coverage: 0.2,
        }),
      'POST',
      '/v1/experiments',
      {},
      {
        key: 'cr-3',
        skill: 'code-review',
        variants: experiment.variants,
        primaryMetric: 'success',
        coverage: 0.2,
      },
    ],
    ['listExperiments', (c) => c.listExperiments(), 'GET', '/v1/experiments', {}, undefined],
    [
      'listExperiments of a skill',
      (c) => c.listExperiments({ skill: 'code-review' }),
      'GET',
      '/v1/experiments',
      { skill: 'code-review' },
      undefined,
    ],
    [
      'getExperiment encodes the key',
      (c) => c.getExperiment('a b/c'),
      'GET',
      '/v1/experiments/a%20b%2Fc',
      {},
      undefined,
    ],
    [
      'startExperiment',
      (c) => c.startExperiment('cr-3'),
      'POST',
      '/v1/experiments/cr-3/start',
      {},
      undefined,
    ],
    [
      'stopExperiment',
      (c) => c.stopExperiment('cr-3'),
      'POST',
      '/v1/experiments/cr-3/stop',
      {},
      undefined,
    ],
    [
      'rollbackExperiment',
      (c) => c.rollbackExperiment('cr-3'),
      'POST',
      '/v1/experiments/cr-3/rollback',
      {},
      undefined,
    ],
    [
      'promoteExperiment without a variant',
      (c) => c.promoteExperiment('cr-3'),
      'POST',
      '/v1/experiments/cr-3/promote',
      {},
      undefined,
    ],
    [
      'promoteExperiment with a variant',
      (c) => c.promoteExperiment('cr-3', 'b'),
      'POST',
      '/v1/experiments/cr-3/promote',
      {},
      { variant: 'b' },
    ],
    [
      'experimentReport',
      (c) => c.experimentReport('cr-3'),
      'GET',
      '/v1/experiments/cr-3/report',
      {},
      undefined,
    ],
    [
      'getAssignment',
      (c) => c.getAssignment('code-review', 'user 1&2'),
      'GET',
      '/v1/experiments/assignment',
      { skill: 'code-review', user: 'user 1&2' },
      undefined,
    ],
    [
      'sendEvents',
      (c) =>
        c.sendEvents([
          {
            id: 'e1',
            skill: 'code-review',
            version: '3.0.0',
            user: 'u1',
            metric: 'success',
            value: 1,
          },
        ]),
      'POST',
      '/v1/events',
      {},
      {
        events: [
          {
            id: 'e1',
            skill: 'code-review',
            version: '3.0.0',
            user: 'u1',
            metric: 'success',
            value: 1,
          },
        ],
      },
    ],
  ])('%s: %s under the base path prefix', async (_label, call, method, path, query, json) => {
    const registry = await fakeRegistry((seen, response) =>
      sendJson(response, 200, validAnswer(seen)),
    )
    await call(createRegistryClient({ registry: `${registry.url}/registry/` }))
    expect(registry.seen).toHaveLength(1)
    const [seen] = registry.seen
    expect(seen?.method).toBe(method)
    expect(seen?.path).toBe(`/registry${path}`)
    expect(seen?.query).toEqual(query)
    if (json === undefined) {
      expect(seen?.body.toString()).toBe('')
    } else {
      expect(seen?.headers['content-type']).toBe('application/json')
      expect(JSON.parse(seen?.body.toString() ?? '')).toEqual(json)
    }
  })

  it('returns the documents the registry answers', async () => {
    const assignment = { skill: 'code-review', experiment: 'cr-3', variant: 'b', version: '3.0.0' }
    const registry = await fakeRegistry((seen, response) => {
      if (seen.path === '/v1/experiments') sendJson(response, 200, { experiments: [experiment] })
      else if (seen.path === '/v1/experiments/assignment') sendJson(response, 200, assignment)
      else if (seen.path === '/v1/events')
        sendJson(response, 200, { accepted: 1, duplicates: 0, ignored: 0 })
      else sendJson(response, 201, { ...experiment, status: 'running' })
    })
    const client = createRegistryClient({ registry: registry.url })
    expect(await client.listExperiments()).toEqual([experiment])
    expect(await client.getAssignment('code-review', 'u1')).toEqual(assignment)
    expect((await client.startExperiment('cr-3')).status).toBe('running')
    expect(await client.sendEvents([])).toEqual({ accepted: 1, duplicates: 0, ignored: 0 })
  })

  it('checks events against the shared schema before sending anything', async () => {
    let requests = 0
    const registry = await fakeRegistry((_seen, response) => {
      requests++
      sendJson(response, 200, { accepted: 1, duplicates: 0, ignored: 0 })
    })
    const client = createRegistryClient({ registry: registry.url })
    const event = { id: 'e1', skill: 'pdf', version: '1.0.0', user: 'u1', metric: 'success' }
    await expect(client.sendEvents([{ ...event, value: 7 }])).rejects.toMatchObject({
      code: 'EXPERIMENT_EVENTS_INVALID',
      details: { index: 0, field: 'value' },
    })
    await expect(
      client.sendEvents([{ ...event, metric: 'load_time_ms', value: 12 }]),
    ).rejects.toMatchObject({ code: 'EXPERIMENT_EVENTS_INVALID', details: { field: 'metric' } })
    expect(requests).toBe(0)
  })

  it('refuses a list answer without an experiments array as REGISTRY_PROTOCOL', async () => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 200, {}))
    const client = createRegistryClient({ registry: registry.url })
    await expect(client.listExperiments()).rejects.toMatchObject({ code: 'REGISTRY_PROTOCOL' })
  })

  it('passes an experiment error through with its code, status and details', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 409, {
        error: {
          code: ExperimentErrorCode.Conflict,
          message: 'cr-3 is not a draft',
          details: { status: 'running' },
        },
      }),
    )
    const client = createRegistryClient({ registry: registry.url })
    const error = await client.startExperiment('cr-3').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RegistryHttpError)
    expect(error).toMatchObject({
      code: 'EXPERIMENT_CONFLICT',
      status: 409,
      message: 'cr-3 is not a draft',
      details: { status: 'running' },
    })
  })
})
