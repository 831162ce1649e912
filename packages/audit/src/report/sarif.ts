import type { Judgement } from '../policy.js'
import { derivedRules } from '../rules/derived-rules.js'
import { rulePack } from '../rules/pack.js'
import type { AuditReport, Category, Severity } from '../types.js'

/** One audited skill for SARIF: its report, judgement, and its folder relative to the scan root. */
export interface SarifInput {
  readonly report: AuditReport
  readonly judgement: Judgement
  /** POSIX path of the skill folder relative to the repository root ('' for the root itself). */
  readonly root: string
}

const securitySeverity: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '0.0',
}
const level: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
}

interface RuleMeta {
  readonly id: string
  readonly title: string
  readonly category: Category
  readonly severity: Severity
  readonly remediation: string
}

type JudgedFinding = Judgement['findings'][number]

/** A blocking finding is an error, a warning a warning; the rest by severity, never above warning. */
function resultLevel(f: JudgedFinding): 'error' | 'warning' | 'note' {
  if (f.action === 'block') return 'error'
  if (f.action === 'warn') return 'warning'
  return level[f.severity] === 'error' ? 'warning' : 'note'
}

function sarifResult(f: JudgedFinding, { report, root }: SarifInput, ruleIndex: number): object {
  return {
    ruleId: f.rule,
    ruleIndex,
    level: resultLevel(f),
    message: { text: `${f.message}. Fix: ${f.remediation}` },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(joinPath(root, f.path)), uriBaseId: '%SRCROOT%' },
          region: { startLine: Math.max(1, f.line) },
        },
      },
    ],
    partialFingerprints: {
      primaryLocationLineHash: `${fnv1a(`${report.skill}|${f.rule}|${f.path}|${f.message}`)}:1`,
    },
    properties: {
      severity: f.severity,
      confidence: f.confidence,
      category: f.category,
      ...(f.demoted ? { demoted: f.demoted } : {}),
      ...(f.allowed ? { allowed: f.allowed } : {}),
    },
    ...(f.allowed ? { suppressions: [{ kind: 'external', justification: f.allowed }] } : {}),
  }
}

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it: relative artifact URIs under %SRCROOT%,
 * startLine >= 1, `security-severity` and help on every rule, and partialFingerprints.
 */
export function toSarif(inputs: readonly SarifInput[]): object {
  const rules: RuleMeta[] = [...rulePack.rules, ...derivedRules]
  const index = new Map(rules.map((r, i) => [r.id, i]))
  const results = inputs.flatMap((input) =>
    input.judgement.findings.map((f) => sarifResult(f, input, index.get(f.rule) ?? 0)),
  )
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'skillship-audit',
            semanticVersion: '0.1.0',
            version: rulePack.version,
            rules: rules.map((r) => ({
              id: r.id,
              name: r.id.replace(/-/g, ''),
              shortDescription: { text: r.title },
              fullDescription: { text: `${r.title} (${r.category}).` },
              help: { text: r.remediation, markdown: `**${r.title}**\n\n${r.remediation}` },
              defaultConfiguration: { level: level[r.severity] },
              properties: {
                'security-severity': securitySeverity[r.severity],
                tags: ['security', r.category],
                precision: 'high',
              },
            })),
          },
        },
        originalUriBaseIds: {
          '%SRCROOT%': { description: { text: 'The folder the audit was run from.' } },
        },
        results,
      },
    ],
  }
}

function joinPath(root: string, path: string): string {
  return root === '' || root === '.' ? path : `${root.replace(/\/+$/, '')}/${path}`
}

function encodeUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

function fnv1a(text: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i += 1) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h.toString(16).padStart(8, '0')
}
