import type { RegistryKeysResponse } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'

/**
 * `GET /v1/keys`: the registry's public signing keys with their ids and validity windows, for
 * anyone to check the `signatures.registry` of a version document (docs/signing.md).
 */
export function registerRegistryKeysRoute(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.get('/v1/keys', (c) => {
    const body: RegistryKeysResponse = { keys: deps.registryKeys?.documents() ?? [] }
    return c.json(body)
  })
}
