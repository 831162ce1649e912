import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cpuPerRequest, get } from './http-load.js'
import { median } from './measure.js'
import { spawnServer } from './spawn-server.js'

const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname
const examples = new URL('../examples/skills', import.meta.url).pathname

/** How much load the measurement puts on both servers. */
export interface CachedLoadOptions {
  readonly rounds: number
  readonly requests: number
  readonly concurrency: number
}

/**
 * Server CPU per cached `GET /v1/load/csv-insights` (the server in its own process, embedded
 * SQLite in `work`), against a bare node:http server returning the same bytes, measured back to
 * back in each round: medians in ms per request and the median of the per-round ratios.
 */
export async function cachedLoadCpu(
  work: string,
  options: CachedLoadOptions,
): Promise<{ ours: number; bare: number; ratio: number }> {
  const data = join(work, 'cpu')
  const server = await spawnServer(
    [bin, 'server', '--data', data, '--port', '0', '--examples', examples],
    { SKILLSHIP_LOG_LEVEL: 'warn' },
  )
  const path = '/v1/load/csv-insights'
  const body = await get(`${server.url}${path}`)
  await writeFile(join(work, 'body.json'), body)
  const bare = await spawnServer([
    new URL('./bare-bytes-server.mjs', import.meta.url).pathname,
    join(work, 'body.json'),
  ])
  const ours: number[] = []
  const base: number[] = []
  const load = { requests: options.requests, concurrency: options.concurrency }
  for (let round = 0; round < options.rounds; round += 1) {
    ours.push(await cpuPerRequest(server.child.pid ?? 0, server.url, () => path, load))
    base.push(await cpuPerRequest(bare.child.pid ?? 0, bare.url, () => '/', load))
  }
  await server.stop()
  await bare.stop()
  // The median of per-round ratios resists load swings.
  const ratio = median(ours.map((value, i) => value / (base[i] ?? value)))
  return { ours: median(ours), bare: median(base), ratio }
}
