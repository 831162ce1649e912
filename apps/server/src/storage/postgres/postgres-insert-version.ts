import type { InsertVersionResult, NewVersion } from '../metadata-store.js'
import { activityValues, insertActivitySql } from './postgres-activity-store.js'
import { upsertPostgresAudit } from './postgres-audit-queries.js'
import type { PostgresContext } from './postgres-context.js'
import { withTransaction } from './with-transaction.js'

/**
 * Publishes `version` (and appends its activity entry, when given) in one transaction. Every INSERT says ON CONFLICT DO NOTHING: when two
 * replicas publish the same version at once, the second waits on the first's uncommitted row,
 * then sees the conflict and answers 'exists' instead of failing with a unique violation. Locks are
 * taken in one order (skill, version, tag, skill update) so concurrent publishes cannot deadlock.
 */
export function insertPostgresVersion(
  context: PostgresContext,
  version: NewVersion,
): Promise<InsertVersionResult> {
  return context.guard(() =>
    withTransaction(context.pool, async (client, abort) => {
      await client.query(
        `INSERT INTO skills (name, private, description, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (name) DO NOTHING`,
        [version.name, version.private, version.description, version.publishedAt],
      )
      const inserted = await client.query(
        `INSERT INTO versions (name, version, description, frontmatter, integrity, size,
           unpacked_size, files, published_at, publisher, registry_signatures, publisher_key_id)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8::jsonb, $9, $10, $11::jsonb, $12)
         ON CONFLICT (name, version) DO NOTHING`,
        versionParameters(version),
      )
      if (inserted.rowCount === 0) {
        await abort()
        return 'exists'
      }
      if (version.audit !== undefined)
        await upsertPostgresAudit(client, version.name, version.version, version.audit)
      if (version.publisherSignature !== undefined) {
        await client.query(
          'INSERT INTO version_bundles (name, version, bundle) VALUES ($1, $2, $3)',
          [version.name, version.version, version.publisherSignature.bundle],
        )
      }
      await client.query(
        `INSERT INTO dist_tags (name, tag, version) VALUES ($1, $2, $3)
         ON CONFLICT (name, tag) DO UPDATE SET version = EXCLUDED.version`,
        [version.name, version.tag, version.version],
      )
      await client.query(
        `UPDATE skills SET updated_at = GREATEST(updated_at, $2),
           description = CASE WHEN $3::text = 'latest' THEN $4 ELSE description END
         WHERE name = $1`,
        [version.name, version.publishedAt, version.tag, version.description],
      )
      if (version.activity !== undefined)
        await client.query(insertActivitySql, activityValues(version.activity))
      return 'created'
    }),
  )
}

function versionParameters(version: NewVersion): unknown[] {
  return [
    version.name,
    version.version,
    version.description,
    JSON.stringify(version.frontmatter),
    version.integrity,
    version.size,
    version.unpackedSize,
    JSON.stringify(version.files),
    version.publishedAt,
    version.publisher,
    JSON.stringify(version.registrySignatures ?? []),
    version.publisherSignature?.keyId ?? null,
  ]
}
