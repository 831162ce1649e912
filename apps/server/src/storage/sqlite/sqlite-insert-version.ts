import type { InsertVersionResult, NewVersion } from '../metadata-store.js'
import { activityParameters, insertActivitySql } from './sqlite-activity-store.js'
import { auditParameters, upsertAudit } from './sqlite-audit-queries.js'
import type { SqliteContext } from './sqlite-context.js'

const insertSkill = `
INSERT INTO skills (name, private, description, created_at, updated_at)
VALUES (@name, @private, @description, @publishedAt, @publishedAt)
ON CONFLICT (name) DO NOTHING`

// The UNIQUE (name, version) constraint decides: a conflicting insert changes no row.
const insertVersion = `
INSERT INTO versions (name, version, description, frontmatter, integrity, size, unpacked_size,
  files, published_at, publisher, registry_signatures, publisher_key_id)
VALUES (@name, @version, @description, @frontmatter, @integrity, @size, @unpackedSize, @files,
  @publishedAt, @publisher, @registrySignatures, @publisherKeyId)
ON CONFLICT (name, version) DO NOTHING`

const insertBundle = `
INSERT INTO version_bundles (name, version, bundle) VALUES (@name, @version, @bundle)`

const upsertTag = `
INSERT INTO dist_tags (name, tag, version) VALUES (@name, @tag, @version)
ON CONFLICT (name, tag) DO UPDATE SET version = excluded.version`

const touchSkill = `
UPDATE skills SET updated_at = max(updated_at, @publishedAt),
  description = CASE WHEN @tag = 'latest' THEN @description ELSE description END
WHERE name = @name`

/**
 * The SQLite `insertVersion` (with its activity entry, when given): one `BEGIN IMMEDIATE` transaction, so a second connection (another
 * process on the same file) waits for the write lock and then finds the version present.
 */
export function createSqliteInsertVersion(
  context: SqliteContext,
): (version: NewVersion) => Promise<InsertVersionResult> {
  const { db, statement, run } = context
  const publish = db.transaction((version: NewVersion): InsertVersionResult => {
    const parameters = {
      name: version.name,
      version: version.version,
      description: version.description,
      frontmatter: JSON.stringify(version.frontmatter),
      integrity: version.integrity,
      size: version.size,
      unpackedSize: version.unpackedSize,
      files: JSON.stringify(version.files),
      publishedAt: version.publishedAt.getTime(),
      publisher: version.publisher,
      registrySignatures: JSON.stringify(version.registrySignatures ?? []),
      publisherKeyId: version.publisherSignature?.keyId ?? null,
      bundle: version.publisherSignature?.bundle ?? null,
      private: version.private ? 1 : 0,
      tag: version.tag,
    }
    // A version can only exist when its skill does, so on 'exists' this insert changed nothing.
    statement(insertSkill).run(parameters)
    if (statement(insertVersion).run(parameters).changes === 0) return 'exists'
    if (version.audit !== undefined)
      statement(upsertAudit).run(auditParameters(version.name, version.version, version.audit))
    if (parameters.bundle !== null) statement(insertBundle).run(parameters)
    statement(upsertTag).run(parameters)
    statement(touchSkill).run(parameters)
    if (version.activity !== undefined)
      statement(insertActivitySql).run(activityParameters(version.activity))
    return 'created'
  })
  return (version) => run(() => publish.immediate(version))
}
