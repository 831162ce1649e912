import type {
  ExperimentDocument,
  ExperimentReport,
  MetricComparison,
} from '@skillship/registry-client'
import { paint } from './paint.js'

/** One line per experiment: key, skill, status, arms. */
export function renderExperimentLine(experiment: ExperimentDocument): string {
  const arms = experiment.variants.map((v) => `${v.key}=${v.version}`).join(' ')
  return `${experiment.key}  ${experiment.skill}  ${experiment.status}  ${arms}`
}

/** An experiment's definition and state. */
export function renderExperiment(experiment: ExperimentDocument): string[] {
  const total = experiment.variants.reduce((sum, variant) => sum + variant.weight, 0)
  return [
    `${experiment.key}: ${experiment.skill}, ${experiment.status}`,
    ...experiment.variants.map(
      (v) => `  ${v.key}  ${v.version}  ${percent(total > 0 ? v.weight / total : 0)}`,
    ),
    `  coverage ${percent(experiment.coverage)}, primary metric ${experiment.primaryMetric}`,
    `  guardrails: ${experiment.guardrails.map((g) => `${g.metric} (${g.direction})`).join(', ') || 'none'}`,
    ...(experiment.decision === null
      ? []
      : [
          `  ${experiment.decision.action} by ${experiment.decision.by} at ${experiment.decision.at}: ${experiment.decision.reason}`,
        ]),
  ]
}

/** `experiment show`: per-arm users and means, lift with interval, chance to win, SRM, guardrails. */
export function renderExperimentReport(report: ExperimentReport, color: boolean): string[] {
  const { experiment } = report
  const lines = renderExperiment(experiment)
  lines.push('', 'arms:')
  for (const arm of report.arms) {
    const means = Object.entries(arm.metrics)
      .map(
        ([metric, stats]) =>
          `${metric} ${stats.n > 0 ? fixed(stats.sum / stats.n) : '-'} (n=${stats.n})`,
      )
      .join(', ')
    lines.push(`  ${arm.variant}  ${arm.version}  ${arm.users} users${means ? `  ${means}` : ''}`)
  }
  lines.push('', `${experiment.primaryMetric} vs control:`)
  if (report.primary.length === 0) lines.push('  no data yet')
  lines.push(...report.primary.map((comparison) => `  ${comparisonLine(comparison)}`))
  const srm = report.srmPValue
  const srmText = srm === null ? 'n/a (too few users)' : fixed(srm)
  const srmAlarm = srm !== null && srm < 0.001
  lines.push(
    '',
    `SRM p-value: ${srmAlarm ? paint('red', `${srmText} (mismatch)`, color) : srmText}`,
  )
  lines.push('guardrails:')
  if (report.guardrails.length === 0) lines.push('  none')
  for (const guardrail of report.guardrails) {
    const state =
      guardrail.state === 'worse'
        ? paint('red', 'worse', color)
        : guardrail.state === 'ok'
          ? paint('green', 'ok', color)
          : guardrail.state
    lines.push(`  ${guardrail.metric}  ${guardrail.variant}: ${state}`)
  }
  return lines
}

function comparisonLine(c: MetricComparison): string {
  const interval =
    c.liftInterval === null ? '' : ` [${signed(c.liftInterval[0])}, ${signed(c.liftInterval[1])}]`
  return [
    `${c.variant}:`,
    `control ${c.controlMean === null ? '-' : fixed(c.controlMean)}`,
    `variant ${c.variantMean === null ? '-' : fixed(c.variantMean)}`,
    `lift ${c.lift === null ? '-' : signed(c.lift)}${interval}`,
    `p ${c.pValue === null ? '-' : fixed(c.pValue)}`,
    `chance to win ${c.chanceToWin === null ? '-' : percent(c.chanceToWin)}`,
  ].join('  ')
}

function fixed(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toPrecision(4)
}

function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`
}

function signed(share: number): string {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)}%`
}
