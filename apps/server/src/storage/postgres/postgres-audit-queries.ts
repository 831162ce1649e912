import type { PoolClient } from 'pg'
import {
  type AuditReportBody,
  coveredAuditText,
  type MetadataStore,
  type VersionAudit,
} from '../metadata-store.js'
import { appendActivityInTransaction } from './postgres-activity-store.js'
import type { PostgresContext } from './postgres-context.js'
import { moveLatestOff } from './postgres-move-latest.js'
import { withTransaction } from './with-transaction.js'

type AuditQueries = Pick<
  MetadataStore,
  'getVersionAudit' | 'setVersionAudit' | 'addRegistrySignatures' | 'countBlockedVersions'
>

// Sets the signatures of an unsigned version whose audit is still the one they cover.
const backfillSignatures = `
UPDATE versions v SET registry_signatures = $3::jsonb
WHERE v.name = $1 AND v.version = $2
  AND (v.registry_signatures IS NULL OR v.registry_signatures = '[]'::jsonb)
  AND coalesce((SELECT a.verdict || ':' || a.rule_pack FROM version_audits a
    WHERE a.name = v.name AND a.version = v.version), 'none') = $4`

const bumpSkill = 'UPDATE skills SET updated_at = GREATEST(updated_at, $2) WHERE name = $1'

interface AuditRow {
  readonly verdict: VersionAudit['verdict']
  readonly rule_pack: string
  readonly findings: Record<string, number>
  readonly incomplete: boolean
  readonly audited_at: Date
  readonly report: AuditReportBody
}

/** Writes a version's audit (insert or replace); also used by the publish transaction. */
export async function upsertPostgresAudit(
  client: PoolClient,
  name: string,
  version: string,
  audit: VersionAudit,
): Promise<void> {
  await client.query(
    `INSERT INTO version_audits (name, version, verdict, rule_pack, findings, incomplete,
       audited_at, report)
     VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8::jsonb)
     ON CONFLICT (name, version) DO UPDATE SET verdict = EXCLUDED.verdict,
       rule_pack = EXCLUDED.rule_pack, findings = EXCLUDED.findings,
       incomplete = EXCLUDED.incomplete, audited_at = EXCLUDED.audited_at,
       report = EXCLUDED.report`,
    [
      name,
      version,
      audit.verdict,
      audit.rulePack,
      JSON.stringify(audit.findings),
      audit.incomplete,
      audit.auditedAt,
      JSON.stringify(audit.report),
    ],
  )
}

/** The audit methods of the PostgreSQL metadata store. */
export function createPostgresAuditQueries(context: PostgresContext): AuditQueries {
  return {
    async getVersionAudit(name, version) {
      const { rows } = await context.query<AuditRow>(
        'SELECT * FROM version_audits WHERE name = $1 AND version = $2',
        [name, version],
      )
      const row = rows[0]
      if (row === undefined) return undefined
      return {
        verdict: row.verdict,
        rulePack: row.rule_pack,
        findings: row.findings,
        incomplete: row.incomplete,
        auditedAt: row.audited_at,
        report: row.report,
      }
    },
    async countBlockedVersions() {
      const { rows } = await context.query<{ count: number }>(
        "SELECT count(*)::integer AS count FROM version_audits WHERE verdict = 'block'",
      )
      return rows[0]?.count ?? 0
    },
    // The skill's row is locked first, as a yank does, so a re-audit and a yank take turns.
    setVersionAudit: (name, version, audit, signatures, activity) =>
      context.guard(() =>
        withTransaction(context.pool, async (client) => {
          await client.query('SELECT 1 FROM skills WHERE name = $1 FOR UPDATE', [name])
          const resigned = await client.query(
            'UPDATE versions SET registry_signatures = $3::jsonb WHERE name = $1 AND version = $2',
            [name, version, JSON.stringify(signatures)],
          )
          if (resigned.rowCount !== 1) return false
          await upsertPostgresAudit(client, name, version, audit)
          await client.query(bumpSkill, [name, context.now()])
          if (audit.verdict === 'block') await moveLatestOff(client, name, version)
          await appendActivityInTransaction(client, activity)
          return true
        }),
      ),
    // The skill's row is locked as a re-audit locks it, so the audit read here cannot change
    // before the commit.
    addRegistrySignatures: (name, version, signatures, covered) =>
      context.guard(() =>
        withTransaction(context.pool, async (client) => {
          await client.query('SELECT 1 FROM skills WHERE name = $1 FOR UPDATE', [name])
          const parameters = [name, version, JSON.stringify(signatures), coveredAuditText(covered)]
          const signed = await client.query(backfillSignatures, parameters)
          if (signed.rowCount !== 1) return false
          await client.query(bumpSkill, [name, context.now()])
          return true
        }),
      ),
  }
}
