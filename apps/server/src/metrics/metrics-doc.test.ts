import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { createServeMetrics } from './serve-metrics.js'

interface DocRow {
  readonly name: string
  readonly type: string
  readonly labels: readonly string[]
  /** Label name -> the values listed in parentheses (backticked), if any. */
  readonly values: Readonly<Record<string, readonly string[]>>
}

// Rows of the form: | `name` | type | `label` (`v1`, `v2`), `other` | meaning |
function readDocRows(): DocRow[] {
  const text = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8')
  return [
    ...text.matchAll(/^\| `([a-zA-Z0-9_:]+)` \| (counter|gauge|histogram|summary) \| ([^|]*) \|/gm),
  ].map((m) => {
    const values: Record<string, string[]> = {}
    const labels: string[] = []
    for (const spec of (m[3] ?? '').matchAll(/`(\w+)`(?:\s*\(([^)]*)\))?/g)) {
      const label = spec[1] ?? ''
      labels.push(label)
      values[label] = [...(spec[2] ?? '').matchAll(/`([^`]+)`/g)].map((v) => v[1] ?? '')
    }
    return { name: m[1] ?? '', type: m[2] ?? '', labels: labels.sort(), values }
  })
}

async function registryRows() {
  const metrics = createServeMetrics({ prefix: 'skillship_', version: '0.0.0' })
  const registered = metrics.registry.getMetricsAsArray() as unknown as {
    name: string
    type: string
    labelNames: readonly string[]
  }[]
  return {
    metrics,
    rows: registered.map((m) => ({ name: m.name, type: m.type, labels: [...m.labelNames].sort() })),
  }
}

describe('docs/metrics.md', () => {
  const doc = readDocRows()

  it('lists every metric of the registry with its type and label names, and nothing else', async () => {
    const { rows } = await registryRows()
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name)
    expect(doc.map(({ name, type, labels }) => ({ name, type, labels })).sort(byName)).toEqual(
      rows.sort(byName),
    )
  })

  it('names the only values the bounded labels take', async () => {
    const { metrics } = await registryRows()
    metrics.countPublish('ok')
    metrics.countPublish('rejected')
    const everySeverity = { critical: 1, high: 1, medium: 1, low: 1, info: 1 }
    for (const verdict of ['pass', 'warn', 'block'] as const)
      metrics.observeAudit(0.01, verdict, everySeverity)
    const json = await metrics.registry.getMetricsAsJSON()
    const seen = (metric: string, label: string) =>
      [
        ...new Set(
          json
            .find((m) => m.name === metric)
            ?.values.map((v) => (v.labels as Record<string, string>)[label]),
        ),
      ].sort()
    const documented = (metric: string, label: string) =>
      [...(doc.find((r) => r.name === metric)?.values[label] ?? [])].sort()
    for (const [metric, label] of [
      ['skillship_skill_load_duration_seconds', 'cache'],
      ['skillship_skill_load_duration_seconds', 'outcome'],
      ['skillship_publishes_total', 'outcome'],
      ['skillship_audit_findings_total', 'severity'],
      ['skillship_publish_audits_total', 'verdict'],
      ['skillship_skill_load_phase_duration_seconds', 'phase'],
    ] as const) {
      expect({ metric, label, values: documented(metric, label) }).toEqual({
        metric,
        label,
        values: seen(metric, label),
      })
    }
    const methods = documented('skillship_http_request_duration_seconds', 'method')
    for (const method of ['GET', 'PROPFIND']) {
      metrics.observeRequest(method, '/x', 200, 0.001)
    }
    const afterRequests = await metrics.registry.getMetricsAsJSON()
    const usedMethods = afterRequests
      .find((m) => m.name === 'skillship_http_request_duration_seconds')
      ?.values.map((v) => (v.labels as Record<string, string>)['method'])
    expect(methods).toEqual(expect.arrayContaining([...new Set(usedMethods)]))
  })
})
