// Experiment event ingestion: `npm run build && npx tsx --conditions=skillship-source bench/events.ts`.
// A running experiment on `skillship server` (its own process, embedded SQLite); 1,000 users are
// assigned, then 200,000 outcome events are posted in batches of 1,000 (4 requests at a time).
// Reports events counted per CPU second of the server process (from /proc) and per wall second.
import { randomUUID } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { createRegistryClient, type OutcomeEvent } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig } from '@skillship/server'
import { inBatches } from './http-load.js'
import { processCpuMs } from './process-cpu.js'
import { spawnServer } from './spawn-server.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname
const skillDir = new URL('../examples/skills/csv-insights', import.meta.url).pathname
const userCount = 1000
const batches = 200
const batchSize = 1000

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-events-'))
try {
  const config = parseServerConfig({ env: {}, flags: { data: join(work, 'data') } })
  const admin = await createTokenOffline(config, { name: 'bench', scopes: ['admin'] })
  const server = await spawnServer([bin, 'server', '--data', config.dataDir, '--port', '0'], {
    SKILLSHIP_LOG_LEVEL: 'warn',
    SKILLSHIP_WARMUP_SKILLS: '0',
  })
  const client = createRegistryClient({ registry: server.url, token: admin.token })
  const tarball = (await packSkill(await loadSkill(skillDir))).tarball
  await client.publish('csv-insights', tarball, { version: '1.0.0' })
  await client.publish('csv-insights', tarball, { version: '1.1.0' })
  await client.createExperiment({
    key: 'bench',
    skill: 'csv-insights',
    variants: [
      { key: 'control', version: '1.0.0', weight: 1 },
      { key: 'b', version: '1.1.0', weight: 1 },
    ],
    primaryMetric: 'success',
  })
  await client.startExperiment('bench')
  const users = Array.from({ length: userCount }, (_, i) => `user-${i}`)
  // Each event names the version its user was served, as a real client reports it.
  const versionOf = new Map<string, string>()
  await inBatches(users, 8, async (user) => {
    versionOf.set(user, (await client.getAssignment('csv-insights', user)).version)
  })
  const batchesOfEvents = Array.from({ length: batches }, (_, b) =>
    Array.from(
      { length: batchSize },
      (_, i): OutcomeEvent => ({
        id: randomUUID(),
        experiment: 'bench',
        skill: 'csv-insights',
        version: versionOf.get(users[(b * batchSize + i) % userCount] ?? '') ?? '1.0.0',
        user: users[(b * batchSize + i) % userCount] ?? 'user-0',
        metric: 'success',
        value: (b + i) % 3 === 0 ? 1 : 0,
      }),
    ),
  )
  let accepted = 0
  let ignored = 0
  const pid = server.child.pid ?? 0
  const cpuBefore = processCpuMs(pid)
  const started = performance.now()
  await inBatches(batchesOfEvents, 4, async (events) => {
    const answer = await client.sendEvents(events)
    accepted += answer.accepted
    ignored += answer.ignored
  })
  const wallSeconds = (performance.now() - started) / 1000
  const cpuSeconds = (processCpuMs(pid) - cpuBefore) / 1000
  await server.stop()
  const posted = batches * batchSize
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${posted} events in ${batches} batches of ${batchSize}, 4 requests at a time, ${userCount} assigned users; server CPU from /proc.`,
    '',
    '| what | result |',
    '|---|---|',
    `| events counted | ${accepted} of ${posted} (${ignored} ignored) |`,
    `| ingestion per CPU second of the server | ${Math.round(accepted / cpuSeconds).toLocaleString('en-US')} events/s (${((cpuSeconds * 1e6) / accepted).toFixed(1)} µs CPU per event) |`,
    `| ingestion per wall second | ${Math.round(accepted / wallSeconds).toLocaleString('en-US')} events/s |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('events', table)
} finally {
  await rm(work, { recursive: true, force: true })
}
