import { parseScope, RegistryErrorCode } from '@skillship/registry-client'
import type { MiddlewareHandler } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import { readHeader } from '../http/read-header.js'
import { registryError } from '../http/registry-error.js'
import type { MetadataStore } from '../storage/metadata-store.js'
import { hashTokenSecret } from './token-secret.js'

const anonymous = { tokenName: undefined, scopes: [] } as const

/**
 * Sets `principal` from `Authorization: Bearer <token>`. No header means anonymous (public
 * reads only); a malformed header or an unknown token is REGISTRY_UNAUTHORIZED, so a typo never
 * silently downgrades a caller to anonymous.
 */
export function authenticate(metadata: MetadataStore): MiddlewareHandler<RegistryEnv> {
  return async (c, next) => {
    const header = readHeader(c, 'authorization')
    if (header === undefined) {
      c.set('principal', anonymous)
      return next()
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match?.[1]) {
      throw registryError(
        RegistryErrorCode.Unauthorized,
        'The Authorization header must be `Bearer <token>`',
      )
    }
    const token = await metadata.findTokenByHash(hashTokenSecret(match[1]))
    if (!token) {
      throw registryError(RegistryErrorCode.Unauthorized, 'The token is not valid', {
        hint: 'Check the token, or ask an admin for a new one.',
      })
    }
    c.set('principal', {
      tokenName: token.name,
      scopes: token.scopes.map((scope) => parseScope(scope)),
    })
    return next()
  }
}
