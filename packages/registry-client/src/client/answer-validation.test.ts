import { afterEach, describe, expect, it } from 'vitest'
import { closeFakeRegistries, failure, fakeRegistry, sendJson } from '../../test/fake-registry.js'
import { experimentDocument, skillDocument, versionDocument } from '../../test/wire-fixtures.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { createRegistryClient } from './create-registry-client.js'
import type { RegistryClient } from './registry-client.js'

afterEach(closeFakeRegistries)

type Call = (client: RegistryClient) => Promise<unknown>

const badVersion = { ...versionDocument, dist: { ...versionDocument.dist, size: '512' } }

describe('answers checked against the wire schemas', () => {
  it.each<[string, Call, unknown, string]>([
    [
      'a skill document with a string size',
      (c) => c.getSkill('pdf'),
      { ...skillDocument, versions: { '1.0.0': badVersion } },
      'versions["1.0.0"].dist.size',
    ],
    [
      'documents with a non-boolean private',
      (c) => c.getSkills(['pdf']),
      { documents: { pdf: { ...skillDocument, private: 'no' } }, missing: [] },
      'documents.pdf.private',
    ],
    [
      'a resolve answer without dist',
      (c) => c.resolve('pdf'),
      { name: 'pdf', version: '1.0.0' },
      'dist',
    ],
    [
      'search items that are not a list',
      (c) => c.search(),
      { items: {}, nextCursor: null },
      'items',
    ],
    ['whoami scopes as a string', (c) => c.whoami(), { name: 'ci', scopes: 'admin' }, 'scopes'],
    [
      'an experiment with an unknown status',
      (c) => c.getExperiment('cr-3'),
      { ...experimentDocument, status: 'paused' },
      'status',
    ],
    [
      'a token list entry without an id',
      (c) => c.listTokens(),
      { tokens: [{ name: 'ci', scopes: [], createdAt: 'x' }] },
      'tokens[0].id',
    ],
    ['a body that is a JSON array', (c) => c.livez(), [], ''],
  ])('refuses %s with REGISTRY_PROTOCOL naming the field', async (_label, call, body, path) => {
    const registry = await fakeRegistry((_seen, response) => sendJson(response, 200, body))
    const error = await failure(call(createRegistryClient({ registry: registry.url })))
    expect(error.code).toBe(RegistryErrorCode.Protocol)
    expect(error.details?.['path']).toBe(path)
  })

  it('accepts fields it does not know (a newer registry), without passing them on', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      sendJson(response, 200, { ...skillDocument, stars: 5 }),
    )
    const answer = await createRegistryClient({ registry: registry.url }).getSkill('pdf')
    expect(answer).toEqual({ notModified: false, document: skillDocument, etag: undefined })
  })
})
