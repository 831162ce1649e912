/**
 * One schema step of a SQL dialect. Versions start at 1 and increase by one; a step, once
 * released, is never edited (add a new one instead), because databases record only its number.
 */
export interface SqlMigration {
  readonly version: number
  /** A short label recorded next to the version, for humans reading `schema_migrations`. */
  readonly name: string
  readonly sql: string
}

/**
 * Throws a plain Error unless `migrations` are numbered 1, 2, 3, ... in order: a gap or a
 * duplicate is a programmer error that would otherwise skip or repeat a step in production.
 */
export function assertMigrationOrder(migrations: readonly SqlMigration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`migration #${index + 1} is numbered ${migration.version}`)
    }
  })
}
