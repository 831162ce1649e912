import type { NewActivity } from '../../activity/activity-store.js'
import {
  type AuditReportBody,
  coveredAuditText,
  type MetadataStore,
  type VersionAudit,
} from '../metadata-store.js'
import { appendActivityInTransaction } from './sqlite-activity-store.js'
import type { SqliteContext } from './sqlite-context.js'
import { moveLatestOff } from './sqlite-move-latest.js'

type AuditQueries = Pick<
  MetadataStore,
  'getVersionAudit' | 'setVersionAudit' | 'addRegistrySignatures' | 'countBlockedVersions'
>

const bumpSkill = 'UPDATE skills SET updated_at = max(updated_at, @now) WHERE name = @name'

// Sets the signatures of an unsigned version whose audit is still the one they cover.
const backfillSignatures = `
UPDATE versions SET registry_signatures = @signatures
WHERE name = @name AND version = @version
  AND (registry_signatures IS NULL OR registry_signatures = '[]')
  AND coalesce((SELECT a.verdict || ':' || a.rule_pack FROM version_audits a
    WHERE a.name = versions.name AND a.version = versions.version), 'none') = @covered`

/** Writes a version's audit (insert or replace); also used by the publish transaction. */
export const upsertAudit = `
INSERT INTO version_audits (name, version, verdict, rule_pack, findings, incomplete, audited_at,
  report)
VALUES (@name, @version, @verdict, @rulePack, @findings, @incomplete, @auditedAt, @report)
ON CONFLICT (name, version) DO UPDATE SET verdict = excluded.verdict,
  rule_pack = excluded.rule_pack, findings = excluded.findings, incomplete = excluded.incomplete,
  audited_at = excluded.audited_at, report = excluded.report`

/** The named parameters of `upsertAudit`. */
export function auditParameters(
  name: string,
  version: string,
  audit: VersionAudit,
): Record<string, string | number> {
  return {
    name,
    version,
    verdict: audit.verdict,
    rulePack: audit.rulePack,
    findings: JSON.stringify(audit.findings),
    incomplete: audit.incomplete ? 1 : 0,
    auditedAt: audit.auditedAt.getTime(),
    report: JSON.stringify(audit.report),
  }
}

interface AuditRow {
  readonly verdict: VersionAudit['verdict']
  readonly rule_pack: string
  readonly findings: string
  readonly incomplete: number
  readonly audited_at: number
  readonly report: string
}

/** The audit methods of the SQLite metadata store. */
export function createSqliteAuditQueries(context: SqliteContext): AuditQueries {
  const { db, statement, run, now } = context
  const replace = db.transaction(
    (
      name: string,
      version: string,
      audit: VersionAudit,
      signatures: string,
      activity: NewActivity | undefined,
    ) => {
      const resign = statement(
        'UPDATE versions SET registry_signatures = @signatures WHERE name = @name AND version = @version',
      )
      if (resign.run({ name, version, signatures }).changes === 0) return false
      statement(upsertAudit).run(auditParameters(name, version, audit))
      statement(bumpSkill).run({ name, now: now().getTime() })
      if (audit.verdict === 'block') moveLatestOff(context, name, version)
      appendActivityInTransaction(context, activity)
      return true
    },
  )
  const backfill = db.transaction(
    (name: string, version: string, signatures: string, covered: string) => {
      const parameters = { name, version, signatures, covered }
      if (statement(backfillSignatures).run(parameters).changes === 0) return false
      statement(bumpSkill).run({ name, now: now().getTime() })
      return true
    },
  )
  return {
    getVersionAudit: (name, version) =>
      run(() => {
        const row = statement<AuditRow>(
          'SELECT * FROM version_audits WHERE name = @name AND version = @version',
        ).get({ name, version })
        if (row === undefined) return undefined
        return {
          verdict: row.verdict,
          rulePack: row.rule_pack,
          findings: JSON.parse(row.findings) as Record<string, number>,
          incomplete: row.incomplete === 1,
          auditedAt: new Date(row.audited_at),
          report: JSON.parse(row.report) as AuditReportBody,
        }
      }),
    setVersionAudit: (name, version, audit, signatures, activity) =>
      run(() => replace.immediate(name, version, audit, JSON.stringify(signatures), activity)),
    addRegistrySignatures: (name, version, signatures, covered) =>
      run(() =>
        backfill.immediate(name, version, JSON.stringify(signatures), coveredAuditText(covered)),
      ),
    countBlockedVersions: () =>
      run(
        () =>
          statement<{ count: number }>(
            "SELECT count(*) AS count FROM version_audits WHERE verdict = 'block'",
          ).get()?.count ?? 0,
      ),
  }
}
