import { type AuditFile, type AuditReport, auditSkill } from '@skillship/audit'
import type { RulePack } from '@skillship/audit/node'

/** What judges an upload: the rule pack it runs, and the audit itself (policy applied by the caller). */
export interface SkillAuditor {
  readonly pack: RulePack
  /** The raw report of one skill; rejects SERVE_BUSY when the auditor's queue is full. */
  audit(skill: string, files: readonly AuditFile[]): Promise<AuditReport>
  close(): Promise<void>
}

/**
 * Audits on the calling thread. The worker pool (audit-pool.ts) runs the same `auditSkill` off
 * the event loop; this one serves tests that build an app without a server, and re-audits run by
 * the CLI, where no other request waits.
 */
export function createInProcessAuditor(pack: RulePack): SkillAuditor {
  return {
    pack,
    audit: async (skill, files) => auditSkill(files, { skill, pack }),
    close: async () => {},
  }
}
