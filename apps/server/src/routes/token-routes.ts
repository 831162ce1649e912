import {
  checkWire,
  createTokenRequestSchema,
  RegistryErrorCode,
  type TokenInfo,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requireAdmin } from '../auth/access.js'
import { issueToken } from '../auth/issue-token.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'
import { requestLogger } from '../http/request-context.js'

/** Token management (admin only) and `GET /v1/whoami`. Secrets are answered once, never stored. */
export function registerTokenRoutes(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  const actor = (tokenName: string | undefined) => tokenName ?? 'anonymous'
  app.post('/v1/tokens', async (c) => {
    requireAdmin(c.get('principal'))
    const body = checkWire(createTokenRequestSchema, await readJsonBody(c))
    if (!body.ok) {
      throw registryError(
        RegistryErrorCode.BadRequest,
        'The body must be { "name": string, "scopes": string[] }',
        { details: { path: body.path } },
      )
    }
    const { name, scopes } = body.value
    // The activity entry is written with the token, in its transaction.
    const created = await issueToken(
      deps.metadata,
      { name, scopes: [...scopes] },
      deps.now?.() ?? new Date(),
      deps.activity === undefined ? undefined : actor(c.get('principal').tokenName),
    )
    requestLogger(c).info(
      { tokenId: created.id, tokenName: created.name, scopes: created.scopes },
      'token created',
    )
    return c.json(created, 201)
  })

  app.get('/v1/tokens', async (c) => {
    requireAdmin(c.get('principal'))
    const tokens: TokenInfo[] = (await deps.metadata.listTokens()).map((t) => ({
      id: t.id,
      name: t.name,
      scopes: t.scopes,
      createdAt: t.createdAt.toISOString(),
    }))
    return c.json({ tokens })
  })

  app.delete('/v1/tokens/:id', async (c) => {
    requireAdmin(c.get('principal'))
    const id = c.req.param('id')
    const entry = {
      at: deps.now?.() ?? new Date(),
      actor: actor(c.get('principal').tokenName),
      action: 'token.revoke',
      target: id,
      skill: null,
      details: {},
    }
    if (!(await deps.metadata.deleteToken(id, deps.activity === undefined ? undefined : entry))) {
      throw registryError(RegistryErrorCode.TokenNotFound, `No token with id ${id}`)
    }
    return c.body(null, 204)
  })

  app.get('/v1/whoami', (c) => {
    const principal = c.get('principal')
    if (principal.tokenName === undefined)
      throw registryError(RegistryErrorCode.Unauthorized, 'No token was sent')
    const scopes = principal.scopes.map((s) =>
      s.kind === 'admin' ? 'admin' : `${s.kind}:${s.pattern}`,
    )
    return c.json({ name: principal.tokenName, scopes })
  })
}
