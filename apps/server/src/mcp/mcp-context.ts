import type { RegistryDeps } from '../app/registry-deps.js'
import type { Principal } from '../app/registry-env.js'
import type { SkillLoader } from '../load/skill-loader.js'

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
  readonly loader: SkillLoader
  readonly principal: Principal
  /** The request's `X-Skillship-User`, passed to the loader as on `GET /v1/load/:name`. */
  readonly user: string | undefined
  readonly skillsPageSize: number
  readonly resourcesPageSize: number
  /** Logs an unexpected error (answered to the client as -32603 without details). */
  report(error: unknown): void
}

export const defaultSkillsPageSize = 20
export const defaultResourcesPageSize = 100
