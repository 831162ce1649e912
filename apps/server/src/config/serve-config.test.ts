import { ServeErrorCode } from '@skillship/registry-client/errors'
import { describe, expect, it } from 'vitest'
import { parseServeConfig } from './serve-config.js'

describe('parseServeConfig', () => {
  it('has production defaults', () => {
    expect(parseServeConfig({})).toEqual({
      cacheMaxBytes: 256 * 1024 ** 2,
      warmupSkills: 100,
      documentCacheEntries: 10_000,
      keepAliveTimeoutMs: 65_000,
      headersTimeoutMs: 66_000,
      metricsPrefix: 'skillship_',
      accessLogSample: 0,
      evaluatorIntervalMs: 5000,
      blobCollectIntervalMs: 6 * 60 * 60 * 1000,
      blobGraceMs: 60 * 60 * 1000,
      statsFlushMs: 5000,
      statsBufferEntries: 10_000,
      statsRetentionDays: 90,
      trustProxy: false,
    })
  })

  it('reads every variable, and an empty prefix', () => {
    expect(
      parseServeConfig({
        SKILLSHIP_CACHE_MAX_BYTES: '1048576',
        SKILLSHIP_WARMUP_SKILLS: '0',
        SKILLSHIP_DOCUMENT_CACHE_ENTRIES: '500',
        SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS: '5000',
        SKILLSHIP_HEADERS_TIMEOUT_MS: '6000',
        SKILLSHIP_METRICS_PREFIX: '',
        SKILLSHIP_ACCESS_LOG_SAMPLE: '0.01',
        SKILLSHIP_EVALUATOR_INTERVAL_MS: '1000',
        SKILLSHIP_BLOB_GC_INTERVAL_MS: '120000',
        SKILLSHIP_BLOB_GC_GRACE_MS: '90000',
        SKILLSHIP_STATS_FLUSH_MS: '1000',
        SKILLSHIP_STATS_BUFFER_ENTRIES: '500',
        SKILLSHIP_STATS_RETENTION_DAYS: '7',
        SKILLSHIP_TRUST_PROXY: 'true',
      }),
    ).toEqual({
      cacheMaxBytes: 1048576,
      warmupSkills: 0,
      documentCacheEntries: 500,
      keepAliveTimeoutMs: 5000,
      headersTimeoutMs: 6000,
      metricsPrefix: '',
      accessLogSample: 0.01,
      evaluatorIntervalMs: 1000,
      blobCollectIntervalMs: 120_000,
      blobGraceMs: 90_000,
      statsFlushMs: 1000,
      statsBufferEntries: 500,
      statsRetentionDays: 7,
      trustProxy: true,
    })
  })

  it.each([
    ['a cache below 1 MiB', { SKILLSHIP_CACHE_MAX_BYTES: '1000' }],
    ['a negative warm-up', { SKILLSHIP_WARMUP_SKILLS: '-1' }],
    ['a fractional timeout', { SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS: '1.5' }],
    [
      'headers timeout not above keep-alive',
      { SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS: '5000', SKILLSHIP_HEADERS_TIMEOUT_MS: '5000' },
    ],
    ['a prefix with a dash', { SKILLSHIP_METRICS_PREFIX: 'my-app_' }],
    ['a sample above 1', { SKILLSHIP_ACCESS_LOG_SAMPLE: '2' }],
    ['a trust-proxy flag that is not a boolean', { SKILLSHIP_TRUST_PROXY: 'yes please' }],
    // A grace shorter than a publish would let the collector delete an in-flight publish's blob.
    ['a blob grace below a minute', { SKILLSHIP_BLOB_GC_GRACE_MS: '1000' }],
    ['a blob collection interval below a minute', { SKILLSHIP_BLOB_GC_INTERVAL_MS: '0' }],
    // A window above five minutes would lose that much statistics in a crash.
    ['a stats flush above five minutes', { SKILLSHIP_STATS_FLUSH_MS: '600000' }],
    ['an unbounded stats buffer', { SKILLSHIP_STATS_BUFFER_ENTRIES: '10000000' }],
    ['no stats retention', { SKILLSHIP_STATS_RETENTION_DAYS: '0' }],
  ])('refuses %s with SERVE_CONFIG_INVALID naming the variable', (_label, env) => {
    try {
      parseServeConfig(env)
      expect.fail('expected an error')
    } catch (error) {
      expect(error).toMatchObject({ code: ServeErrorCode.ConfigInvalid })
      expect((error as Error).message).toContain(Object.keys(env).at(-1))
    }
  })
})
