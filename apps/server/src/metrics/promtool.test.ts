import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { RegistryEnv } from '../app/registry-env.js'
import { registerMetricsRoute } from '../routes/metrics-route.js'
import { httpMetricsMiddleware } from './http-metrics-middleware.js'
import { createServeMetrics } from './serve-metrics.js'

// promtool comes with Debian's `prometheus` package; .ci/run installs it. Locally the checks are
// skipped without it, but under CI a missing promtool fails them instead of hiding them.
const available = spawnSync('promtool', ['--version']).status === 0
const ci = process.env['CI'] !== undefined && !['', '0', 'false'].includes(process.env['CI'])
const runs = available || ci

function promtool(args: readonly string[], input?: string) {
  if (!available) throw new Error('promtool is not installed (apt-get install prometheus)')
  const run = spawnSync('promtool', args, { input: input ?? '', encoding: 'utf8' })
  return { status: run.status, output: `${run.stdout}${run.stderr}`.trim() }
}

/**
 * prom-client's default gauges `nodejs_active_{handles,requests,resources}_total` end in `_total`,
 * which promtool reserves for counters. They are prom-client's names; we filter exactly those
 * three families and nothing else.
 */
function withoutKnownDefaultGauges(exposition: string, prefix: string): string {
  const known = new RegExp(
    `^(# (HELP|TYPE) )?${prefix}nodejs_active_(handles|requests|resources)_total[ {]`,
  )
  return exposition
    .split('\n')
    .filter((line) => !known.test(line))
    .join('\n')
}

async function expositionAfterTraffic(prefix: string): Promise<string> {
  const metrics = createServeMetrics({ prefix, version: '0.1.0' })
  metrics.watchCache(() => ({ entries: 12, bytes: 345_678 }))
  const app = new Hono<RegistryEnv>()
  app.use('*', httpMetricsMiddleware(metrics))
  app.get('/v1/load/:name', (c) => c.json({ name: c.req.param('name') }))
  app.get('/v1/load/:name/files/*', (c) => c.text('x'))
  registerMetricsRoute(app, metrics)
  for (let i = 0; i < 50; i++) {
    await app.request(`/v1/load/skill-${i % 7}`)
    await app.request(`/v1/load/skill-${i % 7}/files/scripts/run.sh`)
    metrics.observeLoad(i % 3 === 0 ? 0.004 : 0.00006, i % 3 === 0 ? 'miss' : 'hit', 'ok')
  }
  await app.request('/nope')
  metrics.observeLoad(0.002, 'miss', 'not_found')
  metrics.countPublish('ok')
  metrics.countPublish('rejected')
  const response = await app.request('/metrics')
  expect(response.status).toBe(200)
  return await response.text()
}

describe.skipIf(!runs)('promtool', () => {
  it('passes `promtool check metrics` on /metrics after traffic, but for the three known prom-client gauges', async () => {
    const exposition = await expositionAfterTraffic('skillship_')
    const raw = promtool(['check', 'metrics'], exposition)
    expect(raw.output.split('\n').sort()).toEqual([
      'skillship_nodejs_active_handles_total non-counter metrics should not have "_total" suffix',
      'skillship_nodejs_active_requests_total non-counter metrics should not have "_total" suffix',
      'skillship_nodejs_active_resources_total non-counter metrics should not have "_total" suffix',
    ])
    const filtered = promtool(
      ['check', 'metrics'],
      withoutKnownDefaultGauges(exposition, 'skillship_'),
    )
    expect(filtered).toEqual({ status: 0, output: '' })
  })

  it('passes with another prefix too (SKILLSHIP_METRICS_PREFIX)', async () => {
    const exposition = await expositionAfterTraffic('skills_')
    expect(exposition).toContain('skills_skill_load_duration_seconds_bucket')
    expect(
      promtool(['check', 'metrics'], withoutKnownDefaultGauges(exposition, 'skills_')),
    ).toEqual({ status: 0, output: '' })
  })

  it("fires the docs' alert at a 2 s average skill load time and stays quiet at 1 s (`promtool test rules`)", async () => {
    const doc = readFileSync(new URL('../../../../docs/metrics.md', import.meta.url), 'utf8')
    const expr = /```promql\n(.+)\n```/.exec(doc)?.[1]
    expect(expr).toBeDefined()
    const dir = await mkdtemp(join(tmpdir(), 'skillship-promtool-'))
    try {
      await writeFile(
        join(dir, 'rules.yml'),
        `groups:\n  - name: skillship\n    rules:\n      - alert: SkillLoadSlow\n        expr: '${expr}'\n`,
      )
      // Per minute: 60 loads taking `seconds` each, on one series.
      const scenario = (seconds: number, alerts: string) => `
  - interval: 1m
    input_series:
      - series: 'skillship_skill_load_duration_seconds_sum{cache="miss",outcome="ok"}'
        values: '0+${60 * seconds}x15'
      - series: 'skillship_skill_load_duration_seconds_count{cache="miss",outcome="ok"}'
        values: '0+60x15'
    alert_rule_test:
      - eval_time: 10m
        alertname: SkillLoadSlow
        exp_alerts: ${alerts}`
      await writeFile(
        join(dir, 'tests.yml'),
        `rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:${scenario(2, '\n          - exp_labels: {}')}${scenario(1, '[]')}\n`,
      )
      const run = promtool(['test', 'rules', join(dir, 'tests.yml')])
      expect(run.output).toContain('SUCCESS')
      expect(run.status).toBe(0)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
