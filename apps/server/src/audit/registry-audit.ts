import { type AuditFile, type AuditPolicy, parsePolicy, rulePack } from '@skillship/audit'
import { skillDigest } from '@skillship/audit/node'
import type { ServeMetrics } from '../metrics/serve-metrics.js'
import type { VersionAudit } from '../storage/metadata-store.js'
import { auditBlocked, judgeAudit } from './judge-audit.js'
import { createInProcessAuditor, type SkillAuditor } from './skill-auditor.js'

/** How a registry judges uploads: the auditor (a worker pool in a server) and its publish policy. */
export interface RegistryAudit {
  readonly auditor: SkillAuditor
  readonly policy: AuditPolicy
}

let fallback: RegistryAudit | undefined

/** `audit`, or the shipped rule pack in process under the `default` policy (apps built by tests). */
export function registryAudit(audit: RegistryAudit | undefined): RegistryAudit {
  fallback ??= { auditor: createInProcessAuditor(rulePack), policy: parsePolicy('default') }
  return audit ?? fallback
}

/**
 * Audits an upload of `name@version` and judges it under the registry's policy: the audit to
 * store with the version, or REGISTRY_AUDIT_BLOCKED (422, the findings in `details`) when the
 * verdict is block. SERVE_BUSY when the auditor's queue is full. Counted in the audit metrics.
 */
export async function auditUpload(
  audit: RegistryAudit,
  upload: { name: string; version: string; files: readonly AuditFile[]; now: Date },
  metrics: ServeMetrics | undefined,
): Promise<VersionAudit> {
  const started = performance.now()
  const report = await audit.auditor.audit(upload.name, upload.files)
  const judged = judgeAudit(report, audit.policy, skillDigest(upload.files), upload.now)
  metrics?.observeAudit((performance.now() - started) / 1000, judged.verdict, judged.findings)
  if (judged.verdict === 'block') throw auditBlocked(upload.name, upload.version, judged)
  return judged
}
