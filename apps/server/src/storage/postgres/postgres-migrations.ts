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

// A/B experiments (issue 7). At most one running experiment per skill, enforced by a partial
// unique index so that concurrent starts on different replicas cannot both win. Assignments are
// sticky (first write wins), observation ids make event ingestion idempotent, and arm_stats holds
// the sufficient statistics (n as bigint, sums as double precision).
const experiments = `
CREATE TABLE experiments (
  key            text COLLATE "C" PRIMARY KEY,
  skill          text COLLATE "C" NOT NULL,
  seed           text NOT NULL,
  status         text NOT NULL
                 CHECK (status IN ('draft', 'running', 'stopped', 'rolled-back', 'promoted')),
  variants       jsonb NOT NULL,
  coverage       double precision NOT NULL,
  primary_metric text NOT NULL,
  guardrails     jsonb NOT NULL,
  ramp           jsonb NOT NULL,
  created_at     timestamptz NOT NULL,
  started_at     timestamptz,
  ended_at       timestamptz,
  decision       jsonb
);
CREATE INDEX experiments_by_skill ON experiments (skill, created_at, key);
CREATE UNIQUE INDEX experiments_one_running_per_skill ON experiments (skill)
  WHERE status = 'running';

CREATE TABLE experiment_assignments (
  experiment text COLLATE "C" NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  user_id    text COLLATE "C" NOT NULL,
  variant    text COLLATE "C" NOT NULL,
  PRIMARY KEY (experiment, user_id)
);

CREATE TABLE experiment_observations (
  experiment text COLLATE "C" NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  id         text COLLATE "C" NOT NULL,
  PRIMARY KEY (experiment, id)
);

CREATE TABLE experiment_arm_stats (
  experiment  text COLLATE "C" NOT NULL REFERENCES experiments (key) ON DELETE CASCADE,
  variant     text COLLATE "C" NOT NULL,
  metric      text COLLATE "C" NOT NULL,
  n           bigint NOT NULL CHECK (n >= 0),
  sum         double precision NOT NULL,
  sum_squares double precision NOT NULL,
  PRIMARY KEY (experiment, variant, metric)
);

CREATE TABLE leases (
  name       text COLLATE "C" PRIMARY KEY,
  owner      text NOT NULL,
  expires_at timestamptz NOT NULL
);
`

// Blob garbage collection (issue 15): finds blobs by age and asks whether a version references
// them; both lookups stay indexed as the registry grows.
const blobCollection = `
CREATE INDEX versions_by_integrity ON versions (integrity);
CREATE INDEX blobs_by_created_at ON blobs (created_at);
`

// The registry's audit of each version (issue 17): the summary the version document shows and the
// full report. A table of its own, so reading versions never loads reports; additive, so versions
// published before audits simply have no row.
const versionAudits = `
CREATE TABLE version_audits (
  name       text COLLATE "C" NOT NULL,
  version    text COLLATE "C" NOT NULL,
  verdict    text NOT NULL CHECK (verdict IN ('pass', 'warn', 'block')),
  rule_pack  text NOT NULL,
  findings   jsonb NOT NULL,
  incomplete boolean NOT NULL,
  audited_at timestamptz NOT NULL,
  report     jsonb NOT NULL,
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
);
`

// The console's time series (issue 19): see the SQLite migration of the same name. Names use the
// "C" collation as everywhere else.
const consoleSeries = `
CREATE TABLE load_stats (
  name         text COLLATE "C" NOT NULL,
  version      text COLLATE "C" NOT NULL,
  hour         bigint NOT NULL,
  loads        bigint NOT NULL CHECK (loads >= 0),
  hits         bigint NOT NULL CHECK (hits >= 0),
  time_ms      double precision NOT NULL,
  resolve_ms   double precision NOT NULL,
  blob_read_ms double precision NOT NULL,
  integrity_ms double precision NOT NULL,
  unpack_ms    double precision NOT NULL,
  render_ms    double precision NOT NULL,
  b0           bigint NOT NULL DEFAULT 0,
  b1           bigint NOT NULL DEFAULT 0,
  b2           bigint NOT NULL DEFAULT 0,
  b3           bigint NOT NULL DEFAULT 0,
  b4           bigint NOT NULL DEFAULT 0,
  b5           bigint NOT NULL DEFAULT 0,
  b6           bigint NOT NULL DEFAULT 0,
  b7           bigint NOT NULL DEFAULT 0,
  b8           bigint NOT NULL DEFAULT 0,
  b9           bigint NOT NULL DEFAULT 0,
  b10          bigint NOT NULL DEFAULT 0,
  b11          bigint NOT NULL DEFAULT 0,
  b12          bigint NOT NULL DEFAULT 0,
  b13          bigint NOT NULL DEFAULT 0,
  b14          bigint NOT NULL DEFAULT 0,
  b15          bigint NOT NULL DEFAULT 0,
  b16          bigint NOT NULL DEFAULT 0,
  b17          bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (name, hour, version)
);
CREATE INDEX load_stats_by_hour ON load_stats (hour);

CREATE TABLE experiment_snapshots (
  experiment text COLLATE "C" NOT NULL,
  day        text COLLATE "C" NOT NULL,
  variant    text COLLATE "C" NOT NULL,
  users      bigint NOT NULL CHECK (users >= 0),
  metrics    jsonb NOT NULL,
  PRIMARY KEY (experiment, day, variant)
);
CREATE INDEX experiment_snapshots_by_day ON experiment_snapshots (day);
`

// The activity log (issue 19): append-only; ids from an identity column, so they increase in
// commit order closely enough for paging (two transactions may commit out of id order).
const activity = `
CREATE TABLE activity (
  id      bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at      timestamptz NOT NULL,
  actor   text NOT NULL,
  action  text NOT NULL,
  target  text NOT NULL,
  skill   text COLLATE "C",
  details jsonb NOT NULL
);
`

// Signed skills (issue 18): the registry's signatures of a version (made at publish), the
// publisher key that signed it and its bundle, and the publisher keys tokens registered.
const signatures = `
ALTER TABLE versions ADD COLUMN registry_signatures jsonb;
ALTER TABLE versions ADD COLUMN publisher_key_id text;

CREATE TABLE publisher_keys (
  key_id     text COLLATE "C" PRIMARY KEY,
  public_key text NOT NULL,
  owner      text NOT NULL,
  scopes     jsonb NOT NULL,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

CREATE TABLE version_bundles (
  name    text COLLATE "C" NOT NULL,
  version text COLLATE "C" NOT NULL,
  bundle  text NOT NULL,
  PRIMARY KEY (name, version),
  FOREIGN KEY (name, version) REFERENCES versions (name, version) ON DELETE CASCADE
);

CREATE INDEX versions_by_publisher_key ON versions (publisher_key_id);
`

/** The PostgreSQL schema, in order. Released steps are never edited; append new ones. */
export const postgresMigrations: readonly SqlMigration[] = [
  { version: 1, name: 'initial', sql: initialSchema },
  { version: 2, name: 'blobs', sql: blobs },
  { version: 3, name: 'skill loads', sql: skillLoads },
  { version: 4, name: 'experiments', sql: experiments },
  { version: 5, name: 'blob collection', sql: blobCollection },
  { version: 6, name: 'version audits', sql: versionAudits },
  { version: 7, name: 'console series', sql: consoleSeries },
  { version: 8, name: 'activity', sql: activity },
  { version: 9, name: 'signatures', sql: signatures },
]

assertMigrationOrder(postgresMigrations)
