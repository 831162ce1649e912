/**
 * The wire documents of the registry's audit gate (docs/audit.md, docs/registry-api.md), one
 * schema each, types inferred (see documents.ts). The short summary on every version document is
 * `auditSummarySchema` in documents.ts; these carry the findings themselves.
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const count = z.int().check(z.minimum(0))
const severity = z.enum(['critical', 'high', 'medium', 'low', 'info'])
const verdict = z.enum(['pass', 'warn', 'block'])

/**
 * The most findings a report or a refusal lists; `findingsTotal` says how many there were. The
 * counts of the summary always cover every finding.
 */
export const maxReportedFindings = 1000

/**
 * One finding as the registry judged it: the rule, where (`path` relative to the skill root,
 * 1-based `line`), what, and the `action` the registry's publish policy gave it.
 */
export const auditFindingSchema = z.object({
  rule: z.string(),
  category: z.string(),
  severity,
  confidence: z.enum(['high', 'medium', 'low']),
  path: z.string(),
  line: count,
  message: z.string(),
  action: verdict,
  remediation: z.optional(z.string()),
  demoted: z.optional(z.string()),
})
export type AuditFinding = WireType<typeof auditFindingSchema>

/**
 * What a version can do, as the audit found it: per capability kind (`network-egress`,
 * `secret-read`, ...) the details (hosts, paths) and the files that carry them, and every host.
 */
export const capabilityManifestSchema = z.object({
  capabilities: z.record(
    z.string(),
    z.object({ details: z.array(z.string()), files: z.array(z.string()) }),
  ),
  hosts: z.array(z.string()),
})
export type CapabilityManifestDocument = WireType<typeof capabilityManifestSchema>

/**
 * `GET /v1/skills/:name/:version/audit`: the registry's full audit of one version. `policy` is
 * the publish policy's preset; `incompleteReasons` say which work budget ran out.
 */
export const auditReportSchema = z.object({
  name: z.string(),
  version: z.string(),
  verdict,
  rulePack: z.string(),
  policy: z.string(),
  incomplete: z.boolean(),
  incompleteReasons: z.array(z.string()),
  auditedAt: z.string(),
  findingsTotal: count,
  findings: z.array(auditFindingSchema),
  manifest: capabilityManifestSchema,
})
export type AuditReportDocument = WireType<typeof auditReportSchema>

/**
 * `details` of REGISTRY_AUDIT_BLOCKED (HTTP 422 on publish): the verdict, the rule pack, the
 * findings (at most `maxReportedFindings`, the blocking ones first) and how many there were.
 */
export const auditBlockedDetailsSchema = z.object({
  verdict: z.literal('block'),
  rulePack: z.string(),
  policy: z.string(),
  incomplete: z.boolean(),
  findingsTotal: count,
  findings: z.array(auditFindingSchema),
})
export type AuditBlockedDetails = WireType<typeof auditBlockedDetailsSchema>
