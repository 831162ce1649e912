import { afterEach, describe, expect, it } from 'vitest'
import {
  closeFakeRegistries,
  failure,
  fakeRegistry,
  type Handler,
  sendJson,
} from '../../test/fake-registry.js'
import { skillDocument, versionDocument } from '../../test/wire-fixtures.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { createVerdictsReader } from '../verdicts-api.js'
import { maxVerdictsPerRequest, versionVerdictOf } from '../wire/verdict-documents.js'

afterEach(closeFakeRegistries)

const audit = {
  verdict: 'block',
  rulePack: 'r2',
  findings: { critical: 1 },
  incomplete: false,
  auditedAt: '2026-12-07T00:00:00.000Z',
}
const verdict = { ...versionVerdictOf(versionDocument), audit }
const asked = [
  { name: 'pdf', version: '1.0.0' },
  { name: 'pdf', version: '0.9.0' },
  { name: 'gone', version: '1.0.0' },
]

async function reader(handler: Handler) {
  const registry = await fakeRegistry(handler)
  return { registry, read: createVerdictsReader({ registry: registry.url }).read }
}

describe('POST /v1/verdicts, read by createVerdictsReader', () => {
  it('answers every version asked: its verdict, unlisted or missing, in one request', async () => {
    const { registry, read } = await reader((_seen, response) =>
      sendJson(response, 200, {
        verdicts: [verdict],
        unlisted: [{ name: 'pdf', version: '0.9.0' }],
        missing: ['gone'],
      }),
    )
    const answers = await read(asked)
    expect(answers.get('pdf@1.0.0')).toEqual(verdict)
    expect(answers.get('pdf@0.9.0')).toBe('unlisted')
    expect(answers.get('gone@1.0.0')).toBe('missing')
    expect(registry.seen.map((seen) => [seen.method, seen.path])).toEqual([
      ['POST', '/v1/verdicts'],
    ])
    expect(JSON.parse(registry.seen[0]?.body.toString() ?? '')).toEqual({ versions: asked })
  })

  it(`splits more than ${maxVerdictsPerRequest} versions into several requests`, async () => {
    const many = Array.from({ length: maxVerdictsPerRequest + 1 }, (_, i) => ({
      name: `s${i}`,
      version: '1.0.0',
    }))
    const { registry, read } = await reader((seen, response) => {
      const body = JSON.parse(seen.body.toString()) as { versions: { name: string }[] }
      sendJson(response, 200, {
        verdicts: [],
        unlisted: [],
        missing: body.versions.map((v) => v.name),
      })
    })
    expect((await read(many)).size).toBe(many.length)
    expect(registry.seen).toHaveLength(2)
  })

  it.each<[string, unknown]>([
    [
      'a verdict not asked for',
      {
        verdicts: [{ ...verdict, name: 'other' }],
        unlisted: [{ name: 'pdf', version: '0.9.0' }],
        missing: ['gone'],
      },
    ],
    [
      'a version answered twice',
      {
        verdicts: [verdict],
        unlisted: [
          { name: 'pdf', version: '1.0.0' },
          { name: 'pdf', version: '0.9.0' },
        ],
        missing: ['gone'],
      },
    ],
    ['a version left out', { verdicts: [verdict], unlisted: [], missing: ['gone'] }],
    [
      'an unknown verdict',
      {
        verdicts: [{ ...verdict, audit: { ...audit, verdict: 'fine' } }],
        unlisted: [{ name: 'pdf', version: '0.9.0' }],
        missing: ['gone'],
      },
    ],
    [
      'signatures that are not a list',
      {
        verdicts: [{ ...verdict, signatures: {} }],
        unlisted: [{ name: 'pdf', version: '0.9.0' }],
        missing: ['gone'],
      },
    ],
    ['no body fields', {}],
  ])('refuses an answer with %s: REGISTRY_PROTOCOL', async (_label, body) => {
    const { read } = await reader((_seen, response) => sendJson(response, 200, body))
    expect((await failure(read(asked))).code).toBe(RegistryErrorCode.Protocol)
  })

  it('keeps the codes of registry errors', async () => {
    const { read } = await reader((_seen, response) =>
      sendJson(response, 401, { error: { code: 'REGISTRY_UNAUTHORIZED', message: 'no' } }),
    )
    expect((await failure(read(asked))).code).toBe('REGISTRY_UNAUTHORIZED')
  })

  it('reads the documents from a registry older than the route (its 404)', async () => {
    const notFound = { error: { code: 'REGISTRY_NOT_FOUND', message: 'Not found' } }
    const { registry, read } = await reader((seen, response) => {
      if (seen.path === '/v1/documents')
        sendJson(response, 200, { documents: { pdf: skillDocument }, missing: ['gone'] })
      else sendJson(response, 404, notFound)
    })
    const answers = await read(asked)
    expect(answers.get('pdf@1.0.0')).toEqual(versionVerdictOf(versionDocument))
    expect(answers.get('pdf@0.9.0')).toBe('unlisted')
    expect(answers.get('gone@1.0.0')).toBe('missing')
    expect(registry.seen.map((seen) => seen.path)).toEqual(['/v1/verdicts', '/v1/documents'])
  })

  it('reads each document on its own from a registry older than the batch route', async () => {
    const notFound = { error: { code: 'REGISTRY_NOT_FOUND', message: 'Not found' } }
    const { registry, read } = await reader((seen, response) => {
      if (seen.path === '/v1/skills/pdf') sendJson(response, 200, skillDocument)
      else sendJson(response, 404, notFound)
    })
    const answers = await read(asked)
    expect(answers.get('pdf@1.0.0')).toEqual(versionVerdictOf(versionDocument))
    expect(answers.get('gone@1.0.0')).toBe('missing')
    expect(registry.seen.map((seen) => seen.path)).toEqual([
      '/v1/verdicts',
      '/v1/documents',
      '/v1/skills/pdf',
      '/v1/skills/gone',
    ])
  })
})
