import { assertMigrationOrder, type SqlMigration } from '../sql-migration.js'

// Names, versions and tags use the "C" collation so that ORDER BY and `name > after` compare bytes
// exactly as SQLite and JavaScript do: paging must not depend on the server's locale.
const initialSchema = `
CREATE TABLE skills (
  name        text COLLATE "C" PRIMARY KEY,
  private     boolean NOT NULL,
  description text NOT NULL,
  created_at  timestamptz NOT NULL,
  updated_at  timestamptz NOT NULL
);

CREATE TABLE versions (
  name          text COLLATE "C" NOT NULL REFERENCES skills (name) ON DELETE CASCADE,
  version       text COLLATE "C" NOT NULL,
  description   text NOT NULL,
  frontmatter   jsonb NOT NULL,
  integrity     text NOT NULL,
  size          integer NOT NULL,
  unpacked_size integer NOT NULL,
  files         jsonb NOT NULL,
  published_at  timestamptz NOT NULL,
  publisher     text NOT NULL,
  deprecated    text,
  yanked        boolean NOT NULL DEFAULT false,
  PRIMARY KEY (name, version)
);

CREATE TABLE dist_tags (
  name    text COLLATE "C" NOT NULL,
  tag     text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  PRIMARY KEY (name, tag),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
);

CREATE TABLE tokens (
  id         text PRIMARY KEY,
  name       text NOT NULL,
  hash       text NOT NULL UNIQUE,
  scopes     jsonb NOT NULL,
  created_at timestamptz NOT NULL
);
`

// Tarballs are gzip already: EXTERNAL keeps them out of line without a second, useless compression.
const blobs = `
CREATE TABLE blobs (
  integrity  text PRIMARY KEY,
  bytes      bytea NOT NULL,
  size       integer NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE blobs ALTER COLUMN bytes SET STORAGE EXTERNAL;
`

// Load totals per skill, for warm-up. No foreign key: counts are flushed in batches and a batch
// must not fail because of one name; readers join on skills instead.
const skillLoads = `
CREATE TABLE skill_loads (
  name  text COLLATE "C" PRIMARY KEY,
  loads bigint NOT NULL CHECK (loads >= 0)
);
CREATE INDEX skill_loads_by_loads ON skill_loads (loads DESC, name);
`

/** The PostgreSQL schema, in order. Released steps are never edited; append new ones. */
export const postgresMigrations: readonly SqlMigration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'blobs', sql: blobs },
  { version: 3, name: 'skill loads', sql: skillLoads },
]

assertMigrationOrder(postgresMigrations)
