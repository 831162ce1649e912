import type { RegistryDeps } from '../app/registry-deps.js'
import type { Principal } from '../app/registry-env.js'
import type { ExperimentSkillLoader } from '../experiments/experiment-loader.js'

/** Page sizes of the MCP lists; every list is cursor-paginated. */
export interface McpOptions {
  /** Entries per `skills/list` page (each entry carries every file's digest). Default 20. */
  readonly skillsPageSize?: number
  /** Resources per `resources/list` and `resources/directory/read` page. Default 100. */
  readonly resourcesPageSize?: number
  /** The version the server reports in `initialize` (serverInfo.version). */
  readonly serverVersion?: string
}

/** What every MCP handler of one request works with. */
export interface McpContext {
  readonly deps: RegistryDeps
  /** Loads through the skill's running experiment, if any (its outcome names the arm). */
  readonly loader: ExperimentSkillLoader
  readonly principal: Principal
  /**
   * The user experiments assign: `X-Skillship-User`, else the client's identity (its
   * `Mcp-Session-Id`, else its token name), as on `GET /v1/load/:name`.
   */
  readonly user: string | undefined
  readonly skillsPageSize: number
  readonly resourcesPageSize: number
  /** Logs an unexpected error (answered to the client as -32603 without details). */
  report(error: unknown): void
}

export const defaultSkillsPageSize = 20
export const defaultResourcesPageSize = 100
