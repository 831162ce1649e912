import { randomUUID } from 'node:crypto'
import { type CreatedToken, parseScope, RegistryErrorCode } from '@skillship/registry-client'
import { registryError } from '../http/registry-error.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import { generateTokenSecret, hashTokenSecret } from './token-secret.js'

/**
 * Creates a token with the given scopes (each validated: REGISTRY_SCOPE_INVALID) and stores only
 * its hash. Returns the secret once; it cannot be recovered afterwards.
 */
export async function issueToken(
  metadata: MetadataStore,
  request: { readonly name: string; readonly scopes: readonly string[] },
  now: Date = new Date(),
  /** Who asks: the `token.create` activity entry is written with the token (one transaction). */
  actor?: string,
): Promise<CreatedToken> {
  const name = request.name.trim()
  if (name === '' || name.length > 100) {
    throw registryError(RegistryErrorCode.BadRequest, 'A token needs a name of 1 to 100 characters')
  }
  if (request.scopes.length === 0) {
    throw registryError(RegistryErrorCode.ScopeInvalid, 'A token needs at least one scope', {
      hint: 'Use admin, read:<glob> or publish:<glob>.',
    })
  }
  for (const scope of request.scopes) parseScope(scope)
  const secret = generateTokenSecret()
  const record = {
    id: randomUUID(),
    name,
    hash: hashTokenSecret(secret),
    scopes: [...request.scopes],
    createdAt: now,
  }
  await metadata.createToken(
    record,
    actor === undefined
      ? undefined
      : {
          at: now,
          actor,
          action: 'token.create',
          target: record.id,
          skill: null,
          details: { name, scopes: record.scopes },
        },
  )
  return { id: record.id, name, scopes: record.scopes, createdAt: now.toISOString(), token: secret }
}
