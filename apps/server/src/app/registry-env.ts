import type { TokenScope } from '@skillship/registry-client'
import type { Logger } from 'pino'

/** Who is calling: an anonymous caller has no token name and no scopes. */
export interface Principal {
  readonly tokenName: string | undefined
  readonly scopes: readonly TokenScope[]
}

/** Hono context variables every route can read. */
export interface RegistryEnv {
  Variables: {
    requestId: string
    baseLogger: Logger
    /** Set by requestLogger on first use; read it through requestLogger. */
    logger: Logger | undefined
    principal: Principal
  }
}
