import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from './tools.js'

// Every PromQL expression of the dashboard names only metrics documented in docs/metrics.md
// (default prefix), so a renamed metric breaks this test rather than a panel.

interface Panel {
  title: string
  targets: Array<{ expr: string }>
}

const dashboard = JSON.parse(
  readFileSync(join(repoRoot, 'deploy/grafana/skillship.json'), 'utf8'),
) as { uid: string; panels: Panel[]; templating: { list: Array<{ query: string }> } }
const docs = readFileSync(join(repoRoot, 'docs/metrics.md'), 'utf8')

/** Documented families; a histogram also exposes _bucket, _sum and _count. */
function documentedNames(): Set<string> {
  const names = new Set<string>()
  for (const [, name, type] of docs.matchAll(/^\| `(skillship_[a-z0-9_]+)` \| (\w+) \|/gm)) {
    names.add(name as string)
    if (type === 'histogram')
      for (const s of ['_bucket', '_sum', '_count']) names.add(`${name}${s}`)
  }
  return names
}

const promqlWords = new Set([
  'sum',
  'rate',
  'increase',
  'histogram_quantile',
  'by',
  'le',
  'vector',
  'label_values',
  'job',
  'cache',
  'outcome',
  'route',
  'status',
  'instance',
  'version',
  'node',
  'on',
  'and',
  'or',
])

/** The metric names an expression uses: identifiers not followed by `(` and not label names. */
function metricNames(expr: string): string[] {
  const withoutStrings = expr.replace(/"[^"]*"/g, '""').replace(/\{[^}]*\}/g, '{}')
  const withoutRanges = withoutStrings.replace(/\[[^\]]*\]/g, '[]')
  const byClauses = withoutRanges.replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '')
  return [...byClauses.matchAll(/\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()/g)]
    .map((m) => m[1] as string)
    .filter((word) => !promqlWords.has(word) && !/^\d/.test(word))
}

describe('deploy/grafana/skillship.json', () => {
  const documented = documentedNames()

  it('reads the metric table of docs/metrics.md', () => {
    expect(documented).toContain('skillship_skill_load_duration_seconds_bucket')
    expect(documented).toContain('skillship_build_info')
    expect(documented).toContain('skillship_process_cpu_seconds_total')
  })

  it('uses only documented metric names in every expression', () => {
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.map((v) => v.query).filter((q) => q.includes('(')),
    ]
    expect(exprs.length).toBeGreaterThan(12)
    const used = new Set(exprs.flatMap(metricNames))
    expect([...used].filter((name) => !documented.has(name))).toEqual([])
    // The checker sees the names it should.
    expect(used).toContain('skillship_skill_cache_hits_total')
    expect(metricNames('sum(rate(skillship_nope_total{job="x"}[5m]))')).toEqual([
      'skillship_nope_total',
    ])
  })

  it('covers load time by cache, the 1.5 s threshold, requests and errors, cache, publishes and build info', () => {
    const all = JSON.stringify(dashboard.panels)
    for (const needle of [
      'histogram_quantile(0.5, sum by (le, cache)',
      'histogram_quantile(0.95, sum by (le, cache)',
      'histogram_quantile(0.99, sum by (le, cache)',
      'vector(1.5)',
      'status=~\\"5..\\"',
      'skillship_skill_cache_bytes',
      'skillship_skill_cache_entries',
      'skillship_publishes_total',
      'skillship_build_info',
    ]) {
      expect(all).toContain(needle)
    }
    const ids = dashboard.panels.map((p) => p.title)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
