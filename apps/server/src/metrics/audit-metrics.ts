import { Counter, Gauge, type Registry } from 'prom-client'
import { FastHistogram } from './fast-histogram.js'

/** Audit time of one upload, queue wait included: 1 ms to 30 s (budgets bound the work). */
export const auditDurationBuckets: readonly number[] = [
  0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30,
]

const severities = ['critical', 'high', 'medium', 'low', 'info'] as const
const verdicts = ['pass', 'warn', 'block'] as const

/** The registry's audit metrics (docs/metrics.md); part of ServeMetrics. */
export interface AuditMetrics {
  /**
   * One publish's audit: how long it took, its verdict (`block` = the publish was refused) and
   * its finding counts by severity.
   */
  readonly observeAudit: (
    seconds: number,
    verdict: (typeof verdicts)[number],
    findings: Readonly<Record<string, number>>,
  ) => void
  /** Where the withheld-versions gauge reads from at scrape time (storage's blocked count). */
  readonly watchWithheld: (count: () => Promise<number>) => void
}

export function createAuditMetrics(registry: Registry, prefix: string): AuditMetrics {
  const duration = new FastHistogram({
    name: `${prefix}audit_duration_seconds`,
    help: 'Time to audit one upload (waiting for a worker included), in seconds.',
    labelNames: [],
    buckets: auditDurationBuckets,
    registry,
  }).series()
  const findings = new Counter({
    name: `${prefix}audit_findings_total`,
    help: 'Findings of publish audits, by severity.',
    labelNames: ['severity'],
    registers: [registry],
  })
  for (const s of severities) findings.labels(s).inc(0)
  const audits = new Counter({
    name: `${prefix}publish_audits_total`,
    help: 'Publish audits by verdict; block means the publish was refused.',
    labelNames: ['verdict'],
    registers: [registry],
  })
  for (const v of verdicts) audits.labels(v).inc(0)
  let withheld: () => Promise<number> = async () => 0
  new Gauge({
    name: `${prefix}audit_withheld_versions`,
    help: 'Stored versions whose audit verdict is block (withheld from resolution, loads and MCP).',
    registers: [registry],
    async collect() {
      this.set(await withheld())
    },
  })
  return {
    observeAudit(seconds, verdict, counts) {
      duration(seconds)
      audits.labels(verdict).inc()
      for (const s of severities) if ((counts[s] ?? 0) > 0) findings.labels(s).inc(counts[s])
    },
    watchWithheld: (count) => {
      withheld = count
    },
  }
}
