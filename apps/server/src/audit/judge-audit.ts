import {
  type AuditPolicy,
  type AuditReport,
  capabilityManifest,
  type JudgedFinding,
  judge,
} from '@skillship/audit'
import {
  type AuditBlockedDetails,
  type AuditFinding,
  maxReportedFindings,
  RegistryErrorCode,
} from '@skillship/registry-client'
import { registryError } from '../http/registry-error.js'
import type { VersionAudit } from '../storage/metadata-store.js'

const actionRank = { block: 0, warn: 1, pass: 2 } as const
const severityNames = ['critical', 'high', 'medium', 'low', 'info'] as const

/**
 * Judges a raw report under the registry's publish policy: the verdict, finding counts by
 * severity (every finding), and the stored report: the findings, blocking ones first, at most
 * `maxReportedFindings`, and the capability manifest. `digest` is the content digest policy allow
 * entries bind to (`skillDigest`).
 */
export function judgeAudit(
  report: AuditReport,
  policy: AuditPolicy,
  digest: string,
  auditedAt: Date,
): VersionAudit {
  const judgement = judge(report, policy, digest)
  const findings: Record<string, number> = Object.fromEntries(severityNames.map((s) => [s, 0]))
  for (const f of judgement.findings) findings[f.severity] = (findings[f.severity] ?? 0) + 1
  const ordered = [...judgement.findings].sort(
    (a, b) => actionRank[a.action] - actionRank[b.action],
  )
  const { capabilities, hosts } = capabilityManifest(report)
  return {
    verdict: judgement.verdict,
    rulePack: report.rulePackVersion,
    findings,
    incomplete: report.incomplete,
    auditedAt,
    report: {
      policy: policy.preset,
      incompleteReasons: [...report.incompleteReasons],
      findingsTotal: judgement.findings.length,
      findings: ordered.slice(0, maxReportedFindings).map(wireFinding),
      manifest: {
        capabilities: Object.fromEntries(
          Object.entries(capabilities).map(([kind, c]) => [
            kind,
            { details: [...(c?.details ?? [])], files: [...(c?.files ?? [])] },
          ]),
        ),
        hosts: [...hosts],
      },
    },
  }
}

function wireFinding(f: JudgedFinding): AuditFinding {
  return {
    rule: f.rule,
    category: f.category,
    severity: f.severity,
    confidence: f.confidence,
    path: f.path,
    line: f.line,
    message: f.message,
    action: f.action,
    remediation: f.remediation,
    ...(f.demoted === undefined ? {} : { demoted: f.demoted }),
  }
}

/** REGISTRY_AUDIT_BLOCKED (422) for an upload whose audit blocks; the findings go in `details`. */
export function auditBlocked(name: string, version: string, audit: VersionAudit) {
  const blocking = audit.report.findings.filter((f) => f.action === 'block')
  const details: AuditBlockedDetails = {
    verdict: 'block',
    rulePack: audit.rulePack,
    policy: audit.report.policy,
    incomplete: audit.incomplete,
    findingsTotal: audit.report.findingsTotal,
    findings: audit.report.findings,
  }
  const first = blocking[0]
  return registryError(
    RegistryErrorCode.AuditBlocked,
    `${name}@${version} was refused by the registry's audit: ${
      first === undefined
        ? 'the scan was incomplete'
        : `${blocking.length} finding(s) block, first ${first.rule} at ${first.path}:${first.line}`
    } (policy ${audit.report.policy}, rule pack ${audit.rulePack})`,
    {
      hint: 'Run `skillship audit <folder>` to see every finding with its fix; nothing was stored.',
      details,
    },
  )
}
