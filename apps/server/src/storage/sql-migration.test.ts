import { describe, expect, it } from 'vitest'
import { postgresMigrations } from './postgres/postgres-migrations.js'
import type { SqlMigration } from './sql-migration.js'
import { sqliteMigrations } from './sqlite/sqlite-migrations.js'

// During a rolling update, replicas of the previous release keep reading and writing the schema
// the new release migrated: every step may only add (tables, indexes, nullable or defaulted
// columns). A DROP, RENAME, type change or new NOT NULL without a default breaks them.
const additive = [
  /^CREATE TABLE (IF NOT EXISTS )?\w+ \(/,
  /^CREATE (UNIQUE )?INDEX (IF NOT EXISTS )?\w+ ON \w+/,
  /^ALTER TABLE \w+ ADD (COLUMN )?(IF NOT EXISTS )?\w+ /,
  // A storage hint: changes how values are kept, not what queries see.
  /^ALTER TABLE \w+ ALTER COLUMN \w+ SET STORAGE \w+$/,
  // A trigger adds work to writes; old releases' statements keep their meaning.
  /^CREATE TRIGGER (IF NOT EXISTS )?\w+ AFTER (INSERT|UPDATE|DELETE) ON \w+ BEGIN /,
]
const forbidden =
  /\b(DROP|RENAME|TRUNCATE|DELETE|UPDATE)\b|\bALTER COLUMN \w+ (TYPE|SET NOT NULL)\b/

// Split at `;`, except inside a trigger's BEGIN ... END body.
function statementsOf(migration: SqlMigration): string[] {
  const statements: string[] = []
  let open = ''
  for (const part of migration.sql.replace(/--[^\n]*/g, '').split(';')) {
    const text = `${open}${open === '' ? '' : '; '}${part.replace(/\s+/g, ' ').trim()}`
    open = /^CREATE TRIGGER\b/i.test(text) && !/\bEND$/i.test(text) ? text : ''
    if (open === '' && text !== '') statements.push(text)
  }
  return statements
}

function violations(migrations: readonly SqlMigration[]): string[] {
  return migrations.flatMap((migration) =>
    statementsOf(migration).flatMap((statement) => {
      const upper = statement.toUpperCase()
      // A new table or index may say anything (ON DELETE CASCADE included): no old query uses it.
      const allowed =
        additive.some((pattern) => pattern.test(upper)) &&
        (upper.startsWith('CREATE ') || !forbidden.test(upper))
      const strictColumn =
        /^ALTER TABLE \w+ ADD /.test(upper) && /NOT NULL/.test(upper) && !/DEFAULT/.test(upper)
      return allowed && !strictColumn ? [] : [`#${migration.version}: ${statement.slice(0, 80)}`]
    }),
  )
}

describe('database migrations', () => {
  it.each([
    ['PostgreSQL', postgresMigrations],
    ['SQLite', sqliteMigrations],
  ])(
    'are additive on %s (previous replicas keep working during a rolling update)',
    (_, migrations) => {
      expect(violations(migrations)).toEqual([])
    },
  )

  it('refuses the statements that would break a previous release', () => {
    const step = (sql: string): SqlMigration => ({ version: 1, name: 'x', sql })
    expect(
      [
        'DROP TABLE skills',
        'ALTER TABLE skills RENAME COLUMN name TO title',
        'ALTER TABLE skills DROP COLUMN private',
        'ALTER TABLE skills ALTER COLUMN size TYPE bigint',
        'ALTER TABLE skills ADD COLUMN owner text NOT NULL',
        'UPDATE skills SET private = true',
      ].map((sql) => violations([step(sql)]).length),
    ).toEqual([1, 1, 1, 1, 1, 1])
    expect(
      violations([step("ALTER TABLE skills ADD COLUMN owner text NOT NULL DEFAULT ''")]),
    ).toEqual([])
  })
})
