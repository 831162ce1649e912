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

// A/B experiments (issue 7). At most one running experiment per skill, enforced by a partial
// unique index so that concurrent starts cannot both win. Assignments are sticky (first write wins),
// observation ids make event ingestion idempotent, and arm_stats holds the sufficient statistics.
const experiments = `
CREATE TABLE experiments (
  key            TEXT PRIMARY KEY,
  skill          TEXT NOT NULL,
  seed           TEXT NOT NULL,
  status         TEXT NOT NULL
                 CHECK (status IN ('draft', 'running', 'stopped', 'rolled-back', 'promoted')),
  variants       TEXT NOT NULL CHECK (json_valid(variants)),
  coverage       REAL NOT NULL,
  primary_metric TEXT NOT NULL,
  guardrails     TEXT NOT NULL CHECK (json_valid(guardrails)),
  ramp           TEXT NOT NULL CHECK (json_valid(ramp)),
  created_at     INTEGER NOT NULL,
  started_at     INTEGER,
  ended_at       INTEGER,
  decision       TEXT CHECK (decision IS NULL OR json_valid(decision))
) STRICT;
CREATE INDEX experiments_by_skill ON experiments (skill, created_at, key);
CREATE UNIQUE INDEX experiments_one_running_per_skill ON experiments (skill)
  WHERE status = 'running';

CREATE TABLE experiment_assignments (
  experiment TEXT NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  user_id    TEXT NOT NULL,
  variant    TEXT NOT NULL,
  PRIMARY KEY (experiment, user_id)
) STRICT, WITHOUT ROWID;

CREATE TABLE experiment_observations (
  experiment TEXT NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  id         TEXT NOT NULL,
  PRIMARY KEY (experiment, id)
) STRICT, WITHOUT ROWID;

CREATE TABLE experiment_arm_stats (
  experiment  TEXT NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  variant     TEXT NOT NULL,
  metric      TEXT NOT NULL,
  n           INTEGER NOT NULL CHECK (n >= 0),
  sum         REAL NOT NULL,
  sum_squares REAL NOT NULL,
  PRIMARY KEY (experiment, variant, metric)
) STRICT, WITHOUT ROWID;

CREATE TABLE leases (
  name       TEXT PRIMARY KEY,
  owner      TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;
`

// Blob garbage collection (issue 15) asks, per old blob file, whether a version references it.
const blobCollection = `
CREATE INDEX versions_by_integrity ON versions (integrity);
`

// Signed skills (issue 18): the registry's signatures of a version (JSON, made at publish), the
// publisher key that signed it and its bundle, and the publisher keys tokens registered.
const signatures = `
ALTER TABLE versions ADD COLUMN registry_signatures TEXT;
ALTER TABLE versions ADD COLUMN publisher_key_id TEXT;

CREATE TABLE publisher_keys (
  key_id     TEXT PRIMARY KEY,
  public_key TEXT NOT NULL,
  owner      TEXT NOT NULL,
  scopes     TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

CREATE TABLE version_bundles (
  name    TEXT NOT NULL,
  version TEXT NOT NULL,
  bundle  TEXT NOT NULL,
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
) STRICT;

CREATE INDEX versions_by_publisher_key ON versions (publisher_key_id);
`

/** The SQLite schema, in order. Released steps are never edited; append new ones. */
export const sqliteMigrations: readonly SqlMigration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'skill loads', sql: skillLoads },
  { version: 3, name: 'experiments', sql: experiments },
  { version: 4, name: 'blob collection', sql: blobCollection },
  { version: 5, name: 'signatures', sql: signatures },
]

assertMigrationOrder(sqliteMigrations)
