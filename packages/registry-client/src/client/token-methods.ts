import { createdTokenSchema, tokenListSchema, whoamiResponseSchema } from '../wire/documents.js'
import { routes } from '../wire/routes.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

/** The token methods of `RegistryClient`, and `whoami`. */
export function createTokenMethods(
  transport: RegistryTransport,
): Pick<RegistryClient, 'createToken' | 'listTokens' | 'deleteToken' | 'whoami'> {
  return {
    createToken: (request) =>
      transport.json(createdTokenSchema, { method: 'POST', path: routes.tokens(), json: request }),
    async listTokens() {
      const answer = await transport.json(tokenListSchema, { method: 'GET', path: routes.tokens() })
      return answer.tokens
    },
    async deleteToken(id) {
      await transport.send({ method: 'DELETE', path: routes.token(id) })
    },
    whoami: () => transport.json(whoamiResponseSchema, { method: 'GET', path: routes.whoami() }),
  }
}
