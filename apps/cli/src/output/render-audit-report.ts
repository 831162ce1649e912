import type { AuditReport, Judgement, ManifestDiff } from '@skillship/audit'
import type { AuditSummary } from '@skillship/registry-client'
import { paint } from './paint.js'

export interface AuditedSkill {
  readonly path: string
  readonly report: AuditReport
  readonly judgement: Judgement
  /** The content digest allow entries bind to. */
  readonly digest: string
  /** The registry's stored verdict, for a skill read from a registry that has one. */
  readonly registryAudit?: AuditSummary
}

const verdictStyle = { pass: 'green', warn: 'yellow', block: 'red' } as const
const actionStyle = { pass: 'dim', warn: 'yellow', block: 'red' } as const

type JudgedFinding = Judgement['findings'][number]

/** The text report: per skill its verdict, then findings grouped by file with line and one-line fix. */
export function renderAuditReport(skills: readonly AuditedSkill[], color: boolean): string[] {
  const lines = skills.flatMap((skill) => renderSkill(skill, color))
  lines.push('A pass means no known pattern was found, not that a skill is safe.')
  return lines
}

function renderSkill(skill: AuditedSkill, color: boolean): string[] {
  const { path, report, judgement } = skill
  const verdict = paint(verdictStyle[judgement.verdict], judgement.verdict.toUpperCase(), color)
  const incomplete = judgement.incomplete
    ? ` ${paint('red', 'INCOMPLETE', color)} (${report.incompleteReasons.join('; ')})`
    : ''
  const lines = [`${paint('bold', report.skill, color)} (${path}): ${verdict}${incomplete}`]
  const byFile = new Map<string, JudgedFinding[]>()
  for (const f of judgement.findings) byFile.set(f.path, [...(byFile.get(f.path) ?? []), f])
  for (const [file, findings] of byFile) {
    lines.push(`  ${file}`)
    for (const f of findings) lines.push(...renderFinding(f, color))
  }
  const kinds = [...new Set(report.capabilities.map((c) => c.kind))]
  if (kinds.length > 0) lines.push(`  capabilities: ${kinds.join(', ')}`)
  if (judgement.findings.length > 0) lines.push(`  digest (for allow entries): ${skill.digest}`)
  if (skill.registryAudit !== undefined)
    lines.push(
      `  registry verdict: ${skill.registryAudit.verdict} (rule pack ${skill.registryAudit.rulePack})`,
    )
  lines.push('')
  return lines
}

function renderFinding(f: JudgedFinding, color: boolean): string[] {
  const tag = paint(actionStyle[f.action], `${f.severity}/${f.confidence}`, color)
  const note = f.allowed ? ` (allowed: ${f.allowed})` : f.demoted ? ` (demoted: ${f.demoted})` : ''
  return [
    `    ${String(f.line).padStart(4)}  ${tag}  ${f.rule}  ${f.message}${note}`,
    `          ${paint('dim', `fix: ${f.remediation}`, color)}`,
  ]
}

export function renderManifestDiff(diff: ManifestDiff, color: boolean): string[] {
  const lines = [
    ...diff.added.map((c) => paint('yellow', `+ ${c.kind}: ${c.detail}`, color)),
    ...diff.removed.map((c) => paint('dim', `- ${c.kind}: ${c.detail}`, color)),
  ]
  return lines.length > 0 ? lines : ['no capability changes']
}
