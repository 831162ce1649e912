import { isNetworkErrorCode, SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'

// SQLSTATEs meaning "this server cannot serve us right now", as opposed to a bad query:
// 08 connection exception, 28 invalid authorization, 3D000 no such database,
// 53300 too many connections, 57P01-57P03 admin shutdown, crash shutdown, cannot connect now.
function isUnavailableSqlState(code: string): boolean {
  return (
    code.startsWith('08') ||
    code.startsWith('28') ||
    code === '3D000' ||
    code === '53300' ||
    code.startsWith('57P')
  )
}

// pg reports its own connect timeouts and dropped connections without a code.
const uncodedMessages = [
  'timeout exceeded when trying to connect',
  'Connection terminated',
  'Client has encountered a connection error',
]

/** True when `error` says the PostgreSQL server is unreachable or refuses us, not that a query is wrong. */
export function isPostgresUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string') return isNetworkErrorCode(code) || isUnavailableSqlState(code)
  return uncodedMessages.some((text) => error.message.includes(text))
}

/**
 * Runs `operation` and turns an unreachable-server failure into REGISTRY_STORAGE_UNAVAILABLE naming
 * `label` (host, port, database; never credentials); every other failure passes through unchanged.
 */
export async function guardPostgres<T>(label: string, operation: () => Promise<T>): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    if (!isPostgresUnavailable(error)) throw error
    throw new SkillshipError(
      RegistryErrorCode.StorageUnavailable,
      `PostgreSQL at ${label} is unavailable`,
      {
        hint: 'Retry in a few seconds (a failover or restart ends in-flight connections). If it persists, check that the database server is running and reachable, and that DATABASE_URL names an existing database and valid credentials.',
        cause: error,
      },
    )
  }
}
