import type { Context, Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { authenticate } from '../auth/authenticate.js'
import type { ExperimentSkillLoader } from '../experiments/experiment-loader.js'
import { readHeader } from '../http/read-header.js'
import { requestLogger } from '../http/request-context.js'
import {
  defaultResourcesPageSize,
  defaultSkillsPageSize,
  type McpContext,
  type McpOptions,
} from './mcp-context.js'
import { jsonRpcErrorCode } from './mcp-errors.js'

/** The MCP endpoint's path. */
export const mcpPath = '/mcp'

/**
 * Mounts the MCP endpoint (Streamable HTTP, stateless: no session, so any replica answers any
 * request) serving the registry's skills per SEP-2640. Callers authenticate as on `/v1/*`
 * (`Authorization: Bearer`; a bad token is 401), and read scopes apply exactly as on HTTP. Each
 * POST gets its own server and transport and is answered as one JSON response; GET (a
 * server-to-client stream) and DELETE (ending a session) have nothing to serve without sessions
 * and are 405.
 */
export function registerMcpRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  loader: ExperimentSkillLoader,
  options: McpOptions = {},
): void {
  const skillsPageSize = options.skillsPageSize ?? defaultSkillsPageSize
  const resourcesPageSize = options.resourcesPageSize ?? defaultResourcesPageSize
  const serverVersion = options.serverVersion ?? '0.0.0'
  app.use(mcpPath, authenticate(deps.metadata))
  app.post(mcpPath, async (c) => {
    const refused = refuseForeignOrigin(c)
    if (refused !== undefined) return refused
    const context: McpContext = {
      deps,
      loader,
      principal: c.get('principal'),
      user: mcpUser(c),
      skillsPageSize,
      resourcesPageSize,
      report: (error) => requestLogger(c).error({ err: error }, 'MCP request failed'),
    }
    const { serveMcpRequest } = await import('./serve-mcp-request.js')
    const response = await serveMcpRequest(context, serverVersion, c.req.raw)
    // The transport builds its own Response, which does not carry headers set on the context.
    response.headers.set('x-request-id', c.get('requestId'))
    return response
  })
  app.on(['GET', 'DELETE'], mcpPath, (c) => {
    c.header('allow', 'POST')
    const message = 'Method not allowed: this MCP endpoint is stateless, use POST'
    return c.json(jsonRpcError(jsonRpcErrorCode.methodNotAllowed, message), 405)
  })
}

// Who experiments assign on MCP: the explicit user, else the client's identity: its session id
// when it sends one (this endpoint is stateless and issues none), else its token's name.
function mcpUser(c: Context<RegistryEnv>): string | undefined {
  const user = readHeader(c, 'x-skillship-user') ?? readHeader(c, 'mcp-session-id')
  if (user !== undefined && user !== '') return user
  const token = c.get('principal').tokenName
  return token === undefined ? undefined : `token:${token}`
}

// The Streamable HTTP transport requires validating Origin against DNS rebinding: a browser page
// from another origin must not reach a registry listening on localhost. Clients that are not
// browsers send no Origin.
function refuseForeignOrigin(c: Context<RegistryEnv>): Response | undefined {
  const origin = readHeader(c, 'origin')
  if (origin === undefined) return undefined
  let originHost: string | undefined
  try {
    originHost = new URL(origin).host
  } catch {
    originHost = undefined
  }
  if (originHost !== undefined && originHost === readHeader(c, 'host')) return undefined
  const message = 'Forbidden: cross-origin MCP request'
  return c.json(jsonRpcError(jsonRpcErrorCode.invalidRequest, message), 403)
}

function jsonRpcError(code: number, message: string) {
  return { jsonrpc: '2.0', error: { code, message }, id: null } as const
}
