// Load statistics: `npm run build && npx tsx --conditions=skillship-source bench/recording.ts`.
// The CPU that recording a load for the console (per skill, version and hour: loads, hits, time,
// histogram bucket; the phase timers; the phase histogram) adds to the load path, target <= 2 µs:
// two skill loaders over the same storage and skill, one with the recording hook and one
// without, alternated round by round in this process, on the two paths a cached load takes
// (the fast path's `loadCachedLatest` and the app's `load`). Then, in the same run, the serving
// bench's server CPU per cached `GET /v1/load/:name` (the server records every load) against
// bare node:http, to put the added microseconds next to the whole request.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  createLoadRecorder,
  createLocalInvalidationBus,
  createLogger,
  createServeMetrics,
  createServingCaches,
  createStorage,
  type RegistryDeps,
  seedSkills,
} from '@skillship/server'
import { cachedLoadCpu } from './cached-load-cpu.js'
import { median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const examples = new URL('../examples/skills', import.meta.url).pathname
const skill = 'csv-insights'
const rounds = 9
const anonymous = { tokenName: undefined, scopes: [] }

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-recording-'))
try {
  const added = await addedPerLoad()
  const server = await cachedLoadCpu(work, { rounds: 7, requests: 10_000, concurrency: 8 })
  const us = (ns: number) => (ns / 1000).toFixed(2)
  const worst = Math.max(added.fast.added, added.app.added)
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}.`,
    '',
    '| what | result | ratio / target |',
    '|---|---|---|',
    `| CPU per cached load on the fast path (\`loadCachedLatest\`, ${added.calls} loads × ${rounds} rounds): without / with recording | ${us(added.fast.without)} µs / ${us(added.fast.with)} µs | +${us(added.fast.added)} µs (target <= 2 µs) |`,
    `| CPU per cached load through the app's loader (\`load\`, awaited): without / with recording | ${us(added.app.without)} µs / ${us(added.app.with)} µs | +${us(added.app.added)} µs (target <= 2 µs) |`,
    `| server CPU per cached \`GET /v1/load/:name\` (serving bench, recording on) | ${(server.ours * 1000).toFixed(1)} µs | ${server.ratio.toFixed(2)}x bare node:http (target <= 1.3x); recording ${((worst / 1000 / (server.ours * 1000)) * 100).toFixed(1)}% of it |`,
    `| bare node:http returning the same bytes | ${(server.bare * 1000).toFixed(1)} µs | baseline |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('recording', table)
} finally {
  await rm(work, { recursive: true, force: true })
}

interface PathCost {
  readonly without: number
  readonly with: number
  readonly added: number
}

// ns of CPU per call of each path with and without the hook; `added` is the median of the
// per-round differences (both measured back to back, in alternating order).
async function addedPerLoad(): Promise<{ calls: number; fast: PathCost; app: PathCost }> {
  const storage = await createStorage({ dataDir: join(work, 'data') })
  const deps: RegistryDeps = {
    metadata: storage.metadata,
    blobs: storage.blobs,
    logger: createLogger('silent'),
    maxUploadBytes: 50 * 1024 * 1024,
    sharedStorage: false,
    invalidation: createLocalInvalidationBus(),
    lifecycle: { shuttingDown: false, warm: true },
  }
  await seedSkills(deps, examples)
  const metrics = createServeMetrics({
    prefix: 'skillship_',
    version: 'bench',
    processMetrics: false,
  })
  const recorder = createLoadRecorder({ maxEntries: 10_000 })
  const plain = createServingCaches(deps)
  const recorded = createServingCaches(deps, {
    onLoaded: (name, version, seconds, hit, phases) => {
      recorder.record(name, version, seconds, hit, phases)
      metrics.observePhases(phases)
    },
  })
  for (const caches of [plain, recorded])
    await caches.loader.load({ name: skill, principal: anonymous })
  const calls = 100_000
  const fast = await compare(
    calls,
    async () => void plain.loader.loadCachedLatest(skill),
    async () => void recorded.loader.loadCachedLatest(skill),
  )
  const app = await compare(
    calls / 4,
    () => plain.loader.load({ name: skill, principal: anonymous }).then(() => undefined),
    () => recorded.loader.load({ name: skill, principal: anonymous }).then(() => undefined),
  )
  recorder.drain()
  plain.close()
  recorded.close()
  await storage.close()
  return { calls, fast, app }
}

async function compare(
  calls: number,
  without: () => Promise<void>,
  withRecording: () => Promise<void>,
): Promise<PathCost> {
  const perCall = async (fn: () => Promise<void>): Promise<number> => {
    const start = process.cpuUsage()
    for (let i = 0; i < calls; i++) await fn()
    const used = process.cpuUsage(start)
    return ((used.user + used.system) * 1000) / calls
  }
  await perCall(without)
  await perCall(withRecording)
  const plain: number[] = []
  const recorded: number[] = []
  for (let round = 0; round < rounds; round++) {
    const first = round % 2 === 0
    const a = await perCall(first ? without : withRecording)
    const b = await perCall(first ? withRecording : without)
    plain.push(first ? a : b)
    recorded.push(first ? b : a)
  }
  return {
    without: median(plain),
    with: median(recorded),
    added: median(recorded.map((value, i) => value - (plain[i] ?? value))),
  }
}
