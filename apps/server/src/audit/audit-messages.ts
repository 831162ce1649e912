import type { AuditFile, AuditReport } from '@skillship/audit'

/** A job sent to an audit worker. */
export interface AuditJob {
  readonly id: number
  readonly skill: string
  readonly files: AuditFile[]
}

/** A worker's answer to one job: the report, or why the audit threw. */
export type AuditJobResult =
  | { readonly id: number; readonly report: AuditReport }
  | { readonly id: number; readonly error: { readonly message: string; readonly stack: string } }
