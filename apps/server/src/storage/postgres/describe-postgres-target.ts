/**
 * `host:port/database` of a PostgreSQL connection string, for messages and logs: it never holds
 * the user or the password. Falls back to `PostgreSQL` when the string is not a URL.
 */
export function describePostgresTarget(connectionString: string): string {
  if (!URL.canParse(connectionString)) return 'PostgreSQL'
  const url = new URL(connectionString)
  // libpq-style URLs may name a Unix socket folder in ?host= and leave the authority empty.
  const host = url.hostname || url.searchParams.get('host') || 'localhost'
  const port = url.port || '5432'
  const database = url.pathname.slice(1) || '(default database)'
  return `${host}:${port}/${database}`
}
