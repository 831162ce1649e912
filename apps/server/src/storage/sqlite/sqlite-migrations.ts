import { assertMigrationOrder, type SqlMigration } from '../sql-migration.js'

// STRICT tables reject values of the wrong type instead of silently storing them. Timestamps are
// epoch milliseconds; frontmatter, files and scopes are JSON text, checked on the way in.
const initialSchema = `
CREATE TABLE skills (
  name        TEXT PRIMARY KEY,
  private     INTEGER NOT NULL CHECK (private IN (0, 1)),
  description TEXT NOT NULL,
  created_at  INTEGER NOT NULL,
  updated_at  INTEGER NOT NULL
) STRICT;

CREATE TABLE versions (
  name          TEXT NOT NULL REFERENCES skills (name) ON DELETE CASCADE,
  version       TEXT NOT NULL,
  description   TEXT NOT NULL,
  frontmatter   TEXT NOT NULL CHECK (json_valid(frontmatter)),
  integrity     TEXT NOT NULL,
  size          INTEGER NOT NULL,
  unpacked_size INTEGER NOT NULL,
  files         TEXT NOT NULL CHECK (json_valid(files)),
  published_at  INTEGER NOT NULL,
  publisher     TEXT NOT NULL,
  deprecated    TEXT,
  yanked        INTEGER NOT NULL DEFAULT 0 CHECK (yanked IN (0, 1)),
  UNIQUE (name, version)
) STRICT;

CREATE TABLE dist_tags (
  name    TEXT NOT NULL,
  tag     TEXT NOT NULL,
  version TEXT NOT NULL,
  PRIMARY KEY (name, tag),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
) STRICT;

CREATE TABLE tokens (
  id         TEXT PRIMARY KEY,
  name       TEXT NOT NULL,
  hash       TEXT NOT NULL UNIQUE,
  scopes     TEXT NOT NULL CHECK (json_valid(scopes)),
  created_at INTEGER NOT NULL
) STRICT;
`

// Load totals per skill, for warm-up. No foreign key: counts are flushed in batches and a batch
// must not fail because of one name; readers join on skills instead.
const skillLoads = `
CREATE TABLE skill_loads (
  name  TEXT PRIMARY KEY,
  loads INTEGER NOT NULL CHECK (loads >= 0)
) STRICT;
CREATE INDEX skill_loads_by_loads ON skill_loads (loads DESC, name);
`

/** The SQLite schema, in order. Released steps are never edited; append new ones. */
export const sqliteMigrations: readonly SqlMigration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'skill loads', sql: skillLoads },
]

assertMigrationOrder(sqliteMigrations)
