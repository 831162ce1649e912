/** The audit summary of a version (docs/audit.md), on version documents and verdicts answers. */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))

/**
 * The registry's audit of one version (docs/audit.md): the `verdict` under the registry's publish
 * policy, the rule pack that judged it, finding counts by severity (`critical`..`info`), whether a
 * budget ran out, and when. A version whose stored verdict is `block` (a re-audit after a rule-pack
 * change) is withheld like a yanked one: no range resolution, no loads, no MCP. Absent on versions
 * published before audits existed and not yet re-audited.
 */
export const auditSummarySchema = z.object({
  verdict: z.enum(['pass', 'warn', 'block']),
  rulePack: z.string(),
  findings: z.record(z.string(), count),
  incomplete: z.boolean(),
  auditedAt: z.string(),
})
export type AuditSummary = WireType<typeof auditSummarySchema>
