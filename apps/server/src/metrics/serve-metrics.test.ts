import { register as globalRegistry } from 'prom-client'
import { describe, expect, it } from 'vitest'
import { createServeMetrics } from './serve-metrics.js'

const sampleValue = (text: string, series: string): number | undefined => {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('createServeMetrics', () => {
  it('counts loads by cache result and outcome, with every series present from the start', async () => {
    const metrics = createServeMetrics({
      prefix: 'skillship_',
      version: '1.2.3',
      processMetrics: false,
    })
    const before = (await metrics.scrape()).body
    for (const cache of ['hit', 'miss']) {
      for (const outcome of ['ok', 'not_found', 'error']) {
        expect(
          sampleValue(
            before,
            `skillship_skill_load_duration_seconds_count{cache="${cache}",outcome="${outcome}"}`,
          ),
        ).toBe(0)
      }
    }
    metrics.observeLoad(0.00004, 'hit', 'ok')
    metrics.observeLoad(0.00007, 'hit', 'ok')
    metrics.observeLoad(0.02, 'miss', 'ok')
    metrics.observeLoad(0.003, 'miss', 'not_found')
    const { body } = await metrics.scrape()
    const hitOk =
      'skillship_skill_load_duration_seconds_bucket{le="0.00005",cache="hit",outcome="ok"}'
    expect(sampleValue(body, hitOk)).toBe(1)
    expect(
      sampleValue(body, 'skillship_skill_load_duration_seconds_count{cache="hit",outcome="ok"}'),
    ).toBe(2)
    expect(sampleValue(body, 'skillship_skill_cache_hits_total')).toBe(2)
    expect(sampleValue(body, 'skillship_skill_cache_misses_total')).toBe(2)
  })

  it('records request durations by method, route template and status, folding unknown methods', async () => {
    const metrics = createServeMetrics({
      prefix: 'skillship_',
      version: '1.2.3',
      processMetrics: false,
    })
    metrics.observeRequest('GET', '/v1/load/:name', 200, 0.0003)
    metrics.observeRequest('GET', '/v1/load/:name', 200, 0.0004)
    metrics.observeRequest('GET', '/v1/load/:name', 404, 0.0004)
    metrics.observeRequest('PROPFIND', 'unmatched', 404, 0.0001)
    const { body } = await metrics.scrape()
    const count = (labels: string) =>
      sampleValue(body, `skillship_http_request_duration_seconds_count{${labels}}`)
    expect(count('method="GET",route="/v1/load/:name",status="200"')).toBe(2)
    expect(count('method="GET",route="/v1/load/:name",status="404"')).toBe(1)
    expect(count('method="other",route="unmatched",status="404"')).toBe(1)
  })

  it('reads the cache gauges at scrape time, counts publishes, and states the build', async () => {
    const metrics = createServeMetrics({
      prefix: 'skillship_',
      version: '1.2.3',
      processMetrics: false,
    })
    let stats = { entries: 3, bytes: 4096 }
    metrics.watchCache(() => stats)
    metrics.countPublish('ok')
    metrics.countPublish('rejected')
    metrics.countPublish('rejected')
    let { body, contentType } = await metrics.scrape()
    expect(contentType).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(sampleValue(body, 'skillship_skill_cache_entries')).toBe(3)
    expect(sampleValue(body, 'skillship_skill_cache_bytes')).toBe(4096)
    expect(sampleValue(body, 'skillship_publishes_total{outcome="ok"}')).toBe(1)
    expect(sampleValue(body, 'skillship_publishes_total{outcome="rejected"}')).toBe(2)
    expect(
      sampleValue(body, `skillship_build_info{version="1.2.3",node="${process.version}"}`),
    ).toBe(1)
    stats = { entries: 0, bytes: 0 }
    ;({ body } = await metrics.scrape())
    expect(sampleValue(body, 'skillship_skill_cache_bytes')).toBe(0)
  })

  it('prefixes every name, process metrics included, and leaves the global registry alone', async () => {
    const globalBefore = await globalRegistry.getMetricsAsJSON()
    const a = createServeMetrics({ prefix: 'legacy_skills_', version: '1.0.0' })
    const b = createServeMetrics({ prefix: 'legacy_skills_', version: '1.0.0' })
    const names = (await a.registry.getMetricsAsJSON()).map((m) => m.name)
    expect(names).toContain('legacy_skills_process_cpu_seconds_total')
    expect(names).toContain('legacy_skills_skill_load_duration_seconds')
    expect(names.filter((n) => !n.startsWith('legacy_skills_'))).toEqual([])
    expect((await b.registry.getMetricsAsJSON()).length).toBe(names.length)
    expect(await globalRegistry.getMetricsAsJSON()).toEqual(globalBefore)
    const bare = createServeMetrics({ prefix: '', version: '1.0.0', processMetrics: false })
    expect((await bare.registry.getMetricsAsJSON()).map((m) => m.name)).toContain('build_info')
  })
})
