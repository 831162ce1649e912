import type { TokenInfo } from '../wire/documents.js'
import { routes } from '../wire/routes.js'
import { protocolError } from './error-from-answer.js'
import { readJsonAnswer } from './read-json-answer.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

/** The token methods of `RegistryClient`, and `whoami`. */
export function createTokenMethods(
  transport: RegistryTransport,
): Pick<RegistryClient, 'createToken' | 'listTokens' | 'deleteToken' | 'whoami'> {
  return {
    createToken: (request) =>
      transport.json({ method: 'POST', path: routes.tokens(), json: request }),
    async listTokens() {
      const answer = await transport.send({ method: 'GET', path: routes.tokens() })
      const tokens: unknown = readJsonAnswer(answer)['tokens']
      if (!Array.isArray(tokens)) throw protocolError(answer, 'no tokens list')
      return tokens as readonly TokenInfo[]
    },
    async deleteToken(id) {
      await transport.send({ method: 'DELETE', path: routes.token(id) })
    },
    whoami: () => transport.json({ method: 'GET', path: routes.whoami() }),
  }
}
