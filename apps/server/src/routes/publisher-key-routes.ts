import { isSkillshipError } from '@skillship/core'
import {
  addPublisherKeyRequestSchema,
  checkWire,
  type PublisherKeyList,
  RegistryErrorCode,
  type TokenScope,
} from '@skillship/registry-client'
import { parsePublicKey, type TrustedKey } from '@skillship/signing'
import type { Hono } from 'hono'
import { activityEntry } from '../activity/activity-entry.js'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { Principal, RegistryEnv } from '../app/registry-env.js'
import { toPublisherKeyDocument } from '../documents/to-publisher-key-document.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'
import { requestLogger } from '../http/request-context.js'

/**
 * Publisher keys (docs/signing.md, "At the registry"): `POST /v1/keys/publishers` registers a
 * public key bound to the calling token's name and its publish scopes (admin included) at that
 * moment; `GET` lists the token's own keys (an admin's: all); `DELETE .../:keyId` revokes one
 * (its owner or an admin), which flags every version it signed.
 */
export function registerPublisherKeyRoutes(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.post('/v1/keys/publishers', async (c) => {
    const principal = c.get('principal')
    const owner = requireSigner(principal)
    const body = checkWire(addPublisherKeyRequestSchema, await readJsonBody(c))
    if (!body.ok) {
      throw registryError(RegistryErrorCode.BadRequest, 'The body must be { "publicKey": string }')
    }
    const key = readPublicKey(body.value.publicKey)
    const record = {
      keyId: key.keyId,
      publicKey: String(key.publicKey.export({ format: 'pem', type: 'spki' })),
      owner,
      scopes: signingScopes(principal.scopes),
      createdAt: deps.now?.() ?? new Date(),
      revokedAt: null,
    }
    // The activity entry is written with the key, in its transaction; admins only (skill null).
    const entry = activityEntry(deps, {
      actor: owner,
      action: 'key.add',
      target: key.keyId,
      skill: null,
      details: { owner, scopes: record.scopes },
    })
    if ((await deps.metadata.addPublisherKey(record, entry)) === 'exists') {
      throw registryError(
        RegistryErrorCode.PublisherKeyExists,
        `The key ${key.keyId} is already registered`,
      )
    }
    requestLogger(c).info({ keyId: key.keyId, owner }, 'publisher key added')
    return c.json(toPublisherKeyDocument(record), 201)
  })

  app.get('/v1/keys/publishers', async (c) => {
    const principal = c.get('principal')
    const owner = requireSigner(principal)
    const keys = await deps.metadata.listPublisherKeys(isAdmin(principal) ? undefined : owner)
    return c.json({ keys: keys.map(toPublisherKeyDocument) } satisfies PublisherKeyList)
  })

  app.delete('/v1/keys/publishers/:keyId', async (c) => {
    const principal = c.get('principal')
    const owner = requireSigner(principal)
    const keyId = c.req.param('keyId')
    const record = await deps.metadata.getPublisherKey(keyId)
    if (record === undefined || (record.owner !== owner && !isAdmin(principal))) {
      throw registryError(RegistryErrorCode.PublisherKeyNotFound, `No key ${keyId} of yours`, {
        hint: 'List your keys with `skillship keys list`.',
      })
    }
    const entry = activityEntry(deps, {
      actor: owner,
      action: 'key.revoke',
      target: keyId,
      skill: null,
      details: { owner: record.owner },
    })
    const at = deps.now?.() ?? new Date()
    const { names } = await deps.metadata.revokePublisherKey(keyId, at, entry)
    for (const name of names) await deps.invalidation.publish(name)
    requestLogger(c).info({ keyId, owner: record.owner, flagged: names }, 'publisher key revoked')
    const revoked = await deps.metadata.getPublisherKey(keyId)
    return c.json(toPublisherKeyDocument(revoked ?? record))
  })
}

function isAdmin(principal: Principal): boolean {
  return principal.scopes.some((scope) => scope.kind === 'admin')
}

/** The token's name; 401 anonymous, 403 without any publish scope (nothing it could sign). */
function requireSigner(principal: Principal): string {
  if (principal.tokenName === undefined) {
    throw registryError(RegistryErrorCode.Unauthorized, 'Publisher keys need a token', {
      hint: 'Run `skillship login --registry URL --token T`.',
    })
  }
  if (signingScopes(principal.scopes).length === 0) {
    throw registryError(
      RegistryErrorCode.Forbidden,
      `The token '${principal.tokenName}' may not publish, so it has no key to register`,
      { hint: 'Use a token with a publish:<glob> scope.' },
    )
  }
  return principal.tokenName
}

function signingScopes(scopes: readonly TokenScope[]): string[] {
  return scopes.flatMap((scope) =>
    scope.kind === 'admin'
      ? ['admin']
      : scope.kind === 'publish'
        ? [`publish:${scope.pattern}`]
        : [],
  )
}

function readPublicKey(text: string): TrustedKey {
  try {
    return parsePublicKey(text)
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    throw registryError(
      RegistryErrorCode.BadRequest,
      `The public key was refused: ${error.message}`,
      {
        hint: 'Send an ed25519 SPKI PEM or an `ssh-ed25519 ...` line.',
        details: { cause: error.code },
      },
    )
  }
}
