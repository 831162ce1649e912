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

// The registry's audit of each version (issue 17): the summary the version document shows and the
// full report. A table of its own, so reading versions never loads reports; additive, so versions
// published before audits simply have no row.
const versionAudits = `
CREATE TABLE version_audits (
  name       TEXT NOT NULL,
  version    TEXT NOT NULL,
  verdict    TEXT NOT NULL CHECK (verdict IN ('pass', 'warn', 'block')),
  rule_pack  TEXT NOT NULL,
  findings   TEXT NOT NULL CHECK (json_valid(findings)),
  incomplete INTEGER NOT NULL CHECK (incomplete IN (0, 1)),
  audited_at INTEGER NOT NULL,
  report     TEXT NOT NULL CHECK (json_valid(report)),
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
) STRICT;
`

// The console's time series (issue 19): loads per skill, version and UTC hour (hour = epoch
// hours) with the load-time histogram's bucket counts b0..b17 (bounds of loadDurationBuckets, the
// last above them all) and the phase sums in milliseconds; and one snapshot per experiment, day
// and arm of its cumulative statistics (metrics as JSON). No foreign keys: flushes must not fail
// on one name, and retention deletes by hour and day through the indexes.
const consoleSeries = `
CREATE TABLE load_stats (
  name         TEXT NOT NULL,
  version      TEXT NOT NULL,
  hour         INTEGER NOT NULL,
  loads        INTEGER NOT NULL CHECK (loads >= 0),
  hits         INTEGER NOT NULL CHECK (hits >= 0),
  time_ms      REAL NOT NULL,
  resolve_ms   REAL NOT NULL,
  blob_read_ms REAL NOT NULL,
  integrity_ms REAL NOT NULL,
  unpack_ms    REAL NOT NULL,
  render_ms    REAL NOT NULL,
  b0           INTEGER NOT NULL DEFAULT 0,
  b1           INTEGER NOT NULL DEFAULT 0,
  b2           INTEGER NOT NULL DEFAULT 0,
  b3           INTEGER NOT NULL DEFAULT 0,
  b4           INTEGER NOT NULL DEFAULT 0,
  b5           INTEGER NOT NULL DEFAULT 0,
  b6           INTEGER NOT NULL DEFAULT 0,
  b7           INTEGER NOT NULL DEFAULT 0,
  b8           INTEGER NOT NULL DEFAULT 0,
  b9           INTEGER NOT NULL DEFAULT 0,
  b10          INTEGER NOT NULL DEFAULT 0,
  b11          INTEGER NOT NULL DEFAULT 0,
  b12          INTEGER NOT NULL DEFAULT 0,
  b13          INTEGER NOT NULL DEFAULT 0,
  b14          INTEGER NOT NULL DEFAULT 0,
  b15          INTEGER NOT NULL DEFAULT 0,
  b16          INTEGER NOT NULL DEFAULT 0,
  b17          INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (name, hour, version)
) STRICT, WITHOUT ROWID;
CREATE INDEX load_stats_by_hour ON load_stats (hour);

CREATE TABLE experiment_snapshots (
  experiment TEXT NOT NULL,
  day        TEXT NOT NULL,
  variant    TEXT NOT NULL,
  users      INTEGER NOT NULL CHECK (users >= 0),
  metrics    TEXT NOT NULL CHECK (json_valid(metrics)),
  PRIMARY KEY (experiment, day, variant)
) STRICT, WITHOUT ROWID;
CREATE INDEX experiment_snapshots_by_day ON experiment_snapshots (day);
`

// The activity log (issue 19): append-only, ids increasing; `skill` (null for token entries)
// decides who may read an entry.
const activity = `
CREATE TABLE activity (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      INTEGER NOT NULL,
  actor   TEXT NOT NULL,
  action  TEXT NOT NULL,
  target  TEXT NOT NULL,
  skill   TEXT,
  details TEXT NOT NULL CHECK (json_valid(details))
) STRICT;
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

// A counter every write to what documents, loads and verdicts are built from bumps, by triggers,
// whichever connection or process writes: a server finds out that another process (`skillship
// server audit`) changed the file when PRAGMA data_version moves and this counter differs.
const changeGeneration = `
CREATE TABLE change_generation (
  id    INTEGER PRIMARY KEY CHECK (id = 1),
  value INTEGER NOT NULL
) STRICT;
CREATE TRIGGER skills_insert_generation AFTER INSERT ON skills
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER skills_update_generation AFTER UPDATE ON skills
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER skills_delete_generation AFTER DELETE ON skills
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER versions_insert_generation AFTER INSERT ON versions
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER versions_update_generation AFTER UPDATE ON versions
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER versions_delete_generation AFTER DELETE ON versions
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER dist_tags_insert_generation AFTER INSERT ON dist_tags
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER dist_tags_update_generation AFTER UPDATE ON dist_tags
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER dist_tags_delete_generation AFTER DELETE ON dist_tags
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_audits_insert_generation AFTER INSERT ON version_audits
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_audits_update_generation AFTER UPDATE ON version_audits
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_audits_delete_generation AFTER DELETE ON version_audits
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_bundles_insert_generation AFTER INSERT ON version_bundles
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_bundles_update_generation AFTER UPDATE ON version_bundles
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
CREATE TRIGGER version_bundles_delete_generation AFTER DELETE ON version_bundles
BEGIN
  INSERT INTO change_generation (id, value) VALUES (1, 1)
  ON CONFLICT (id) DO UPDATE SET value = value + 1;
END;
`

/** The SQLite schema, in order. Released steps are never edited; append new ones. */
export const sqliteMigrations: readonly SqlMigration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'skill loads', sql: skillLoads },
  { version: 3, name: 'experiments', sql: experiments },
  { version: 4, name: 'blob collection', sql: blobCollection },
  { version: 5, name: 'version audits', sql: versionAudits },
  { version: 6, name: 'console series', sql: consoleSeries },
  { version: 7, name: 'activity', sql: activity },
  { version: 8, name: 'signatures', sql: signatures },
  { version: 9, name: 'change generation', sql: changeGeneration },
]

assertMigrationOrder(sqliteMigrations)
