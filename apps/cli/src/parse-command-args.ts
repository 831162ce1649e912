import { usageError } from './cli-error-codes.js'

/**
 * Runs a `node:util` parseArgs call and turns its argument errors (unknown option, missing value)
 * into CLI_USAGE errors (exit 2) instead of Node's TypeError.
 */
export function withUsageErrors<T>(parse: () => T): T {
  try {
    return parse()
  } catch (error) {
    if (
      error instanceof TypeError &&
      'code' in error &&
      String(error.code).startsWith('ERR_PARSE_ARGS')
    ) {
      throw usageError(error.message)
    }
    throw error
  }
}

/** The option every command accepts. */
export const jsonOption = { json: { type: 'boolean' } } as const
