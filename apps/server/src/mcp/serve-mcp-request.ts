import { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js'
import { createSkillsServer } from './create-skills-server.js'
import type { McpContext } from './mcp-context.js'

/** MCP requests are small JSON-RPC messages; anything bigger is refused before parsing (413). */
const maxRequestBodyBytes = 1024 * 1024

/**
 * Answers one Streamable HTTP POST with a fresh server and a stateless transport (no session id),
 * as one JSON response, then closes both. Loaded on the first MCP request, so the SDK (about
 * 100 ms of imports) costs nothing to processes and tests that never serve MCP.
 */
export async function serveMcpRequest(
  context: McpContext,
  serverVersion: string,
  request: Request,
): Promise<Response> {
  const server = createSkillsServer(context, serverVersion)
  const transport = new WebStandardStreamableHTTPServerTransport({
    enableJsonResponse: true,
    maxRequestBodySize: maxRequestBodyBytes,
  })
  await server.connect(transport)
  try {
    return await transport.handleRequest(request)
  } finally {
    await server.close()
  }
}
