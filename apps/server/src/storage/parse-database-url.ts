import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import { describePostgresTarget } from './postgres/describe-postgres-target.js'

/** A validated PostgreSQL connection string and a credential-free label for messages and logs. */
export interface PostgresTarget {
  readonly connectionString: string
  /** `host:port/database`, never the user or the password. */
  readonly label: string
}

const hint =
  'Set DATABASE_URL to postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use the embedded SQLite database.'

/**
 * Validates `DATABASE_URL`: it must parse as a URL with the `postgres:` or `postgresql:` scheme.
 * Throws REGISTRY_CONFIG_INVALID otherwise; the message never repeats the value, since it may hold
 * a password. An empty value is refused too, because it usually means a secret failed to render,
 * and falling back to a per-replica SQLite file would split the registry.
 */
export function parseDatabaseUrl(databaseUrl: string): PostgresTarget {
  if (!URL.canParse(databaseUrl)) {
    throw new SkillshipError(RegistryErrorCode.ConfigInvalid, 'DATABASE_URL is not a valid URL', {
      hint,
    })
  }
  const { protocol } = new URL(databaseUrl)
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') {
    throw new SkillshipError(
      RegistryErrorCode.ConfigInvalid,
      `DATABASE_URL must use the postgres:// or postgresql:// scheme, not ${protocol}//`,
      { hint },
    )
  }
  return { connectionString: databaseUrl, label: describePostgresTarget(databaseUrl) }
}
