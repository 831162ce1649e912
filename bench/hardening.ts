// Hardening (issue 15): `npx tsx --conditions=skillship-source bench/hardening.ts`.
// A `skillship server` process from the sources (embedded SQLite) with its health listener
// (SKILLSHIP_HEALTH_PORT, a worker thread). Measures how fast `/livez` answers on the health
// listener and on the main listener (a probe every 10 ms on each, each on its own connection, from
// a process of its own)
// while idle (the baseline of this run),
// while 200 keep-alive clients flood `GET /metrics`, while they flood `POST /mcp` tools/call, and
// while a skill whose SKILL.md has 30,000 `metadata` keys is published; plus the time to answer
// that publish. The CLI's peak RSS on a 3 GiB registry body has its own marked section below.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { Agent, request } from 'node:http'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { packSkillTree, walkSkillTree } from '@skillship/core/node'
import { createRegistryClient, type RegistryClient } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig } from '@skillship/server'
import { measureDownloadRss } from './download-rss.js'
import { type Probes, startProbes } from './probe-process.js'
import { processCpuMs } from './process-cpu.js'
import { spawnServer } from './spawn-server.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const repoRoot = new URL('..', import.meta.url).pathname
const floodClients = 200
const floodMs = 5000
const probeEveryMs = 10
const metadataKeys = 30_000
// BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (for finding where
// flood time goes). BENCH_FLOODS_ONLY=1: only the idle and flood rows, printed, docs untouched.
const cpuProfDir = process.env['BENCH_CPU_PROF']
const floodsOnly = process.env['BENCH_FLOODS_ONLY'] === '1'

interface Answer {
  readonly status: number
  readonly ms: number
}

// One request on `agent`, its body read whole; never throws (status 0 when the connection failed).
function send(agent: Agent, url: string, method = 'GET', body?: string): Promise<Answer> {
  const started = performance.now()
  return new Promise((resolve) => {
    const headers: Record<string, string> =
      body === undefined
        ? {}
        : { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
    const req = request(url, { agent, method, headers }, (response) => {
      response.resume()
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, ms: performance.now() - started }),
      )
      response.on('error', () => resolve({ status: 0, ms: performance.now() - started }))
    })
    req.on('error', () => resolve({ status: 0, ms: performance.now() - started }))
    req.end(body)
  })
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN
}

/** The two listeners a phase probes: the main one and the health listener. */
interface Listeners {
  readonly main: string
  readonly health: string
}

/** `clients` keep-alive clients each sending `next()` back to back for `ms`; counts statuses. */
async function flood(
  clients: number,
  ms: number,
  next: (agent: Agent) => Promise<Answer>,
): Promise<Map<number, number>> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients })
  const statuses = new Map<number, number>()
  const until = performance.now() + ms
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        const { status } = await next(agent)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
      }
    }),
  )
  agent.destroy()
  return statuses
}

/** CPU time of the server process and of this one (the clients) over a phase, and the load. */
interface PhaseCost {
  readonly wallMs: number
  readonly serverCpuMs: number
  readonly clientCpuMs: number
  /** The 1-minute load average at the end of the phase (other work on the machine shows here). */
  readonly load1: number
}

async function livezDuring<T>(urls: Listeners, serverPid: number, work: () => Promise<T>) {
  const probes = await startProbes([`${urls.main}/livez`, `${urls.health}/livez`], probeEveryMs)
  const wallStart = performance.now()
  const serverStart = processCpuMs(serverPid)
  const clientStart = process.cpuUsage()
  const result = await work()
  const client = process.cpuUsage(clientStart)
  const cost: PhaseCost = {
    wallMs: performance.now() - wallStart,
    serverCpuMs: processCpuMs(serverPid) - serverStart,
    clientCpuMs: (client.user + client.system) / 1000,
    load1: loadavg()[0] ?? Number.NaN,
  }
  const [livez, health] = await probes.stop()
  if (livez === undefined || health === undefined) throw new Error('the prober lost a URL')
  return { result, livez, health, cost }
}

const p99 = (values: readonly number[]) => fmtMs(percentile(values, 99))
/** p99, max and count of one listener's probes, and how many failed. */
const fmtProbes = (probes: Probes) =>
  `p99 ${p99(probes.ms)}, max ${fmtMs(Math.max(...probes.ms))} (${probes.ms.length} probes${probes.failed > 0 ? `, ${probes.failed} not 200` : ''})`
const fmtBoth = (phase: { livez: Probes; health: Probes }) =>
  `health listener ${fmtProbes(phase.health)}; main listener ${fmtProbes(phase.livez)}`
const total = (statuses: Map<number, number>) => [...statuses.values()].reduce((a, b) => a + b, 0)

/** Server CPU per flood answer and the share of the two cores server and clients took. */
function fmtCost(cost: PhaseCost, answers: number): string {
  const perAnswerUs = (cost.serverCpuMs * 1000) / answers
  const share = (ms: number) => `${Math.round((ms / cost.wallMs) * 100)}%`
  return `server CPU ${Math.round(cost.serverCpuMs)} ms in ${Math.round(cost.wallMs)} ms wall (${share(cost.serverCpuMs)} of one core, ${Math.round(perAnswerUs)} µs per answer), clients ${share(cost.clientCpuMs)}, load ${cost.load1.toFixed(1)}`
}

const fmtMs = (ms: number) => (ms < 10 ? `${ms.toFixed(2)} ms` : `${Math.round(ms)} ms`)
const fmtStatuses = (statuses: Map<number, number>) =>
  [...statuses.entries()]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${count} × ${status}`)
    .join(', ')

async function packSkillWith(work: string, name: string, frontmatter: string): Promise<Uint8Array> {
  const dir = join(work, 'skills', name)
  await mkdir(dir, { recursive: true })
  await writeFile(
    join(dir, 'SKILL.md'),
    `---\nname: ${name}\ndescription: "Bench ${name}. Use when benchmarking."\n${frontmatter}---\n# ${name}\n`,
  )
  // Packed from the walked tree, without the client's validation: the server must meet the
  // crafted frontmatter a hostile publisher would send (core's own packer now refuses it).
  return (await packSkillTree(await walkSkillTree(dir), { prefix: name })).tarball
}

async function wideMetadataPublish(
  urls: Listeners,
  serverPid: number,
  work: string,
  client: RegistryClient,
) {
  const keys = Array.from({ length: metadataKeys }, (_, i) => `  k${i}: "v${i}"\n`).join('')
  const tarball = await packSkillWith(work, 'wide', `metadata:\n  version: "1.0.0"\n${keys}`)
  return livezDuring(urls, serverPid, async () => {
    const started = performance.now()
    const outcome = await client.publish('wide', tarball).then(
      () => 'stored',
      (error: unknown) => `refused (${(error as { code?: string }).code ?? String(error)})`,
    )
    return { ms: performance.now() - started, outcome, bytes: tarball.byteLength }
  })
}

// CLI peak RSS on a 3 GiB registry body (target under 300 MB): the built CLI installs from a
// registry that streams the body chunked, then behind a 3 GiB Content-Length (bench/download-rss.ts).
async function cliPeakRssOn3GiBDownload(): Promise<string[]> {
  const rows: string[] = []
  for (const framing of ['chunked', 'content-length'] as const) {
    const result = await measureDownloadRss(framing)
    rows.push(
      `| CLI \`install\` from a registry streaming a 3 GiB tarball (${framing}) | peak RSS ${result.peakRssMb} MB, exit ${result.exitCode} ${result.errorCode ?? ''}, registry sent ${result.sentMb} MiB | target < 300 MB |`,
    )
  }
  return rows
}

async function fullReport(
  urls: Listeners,
  pid: number,
  work: string,
  client: RegistryClient,
  floodRows: readonly string[],
): Promise<void> {
  const wide = await wideMetadataPublish(urls, pid, work, client)
  const rss = await cliPeakRssOn3GiBDownload()
  const rows = [
    ...floodRows,
    `| publish of a skill with ${metadataKeys.toLocaleString('en-US')} \`metadata\` keys (${Math.round(wide.result.bytes / 1024)} KB tarball) | ${fmtMs(wide.result.ms)}, ${wide.result.outcome} | target < 1 s |`,
    `| \`/livez\` during that publish | ${fmtBoth(wide)} | target < 100 ms |`,
    ...rss,
  ]
  const markdown = `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; \`skillship server\` from the sources, embedded SQLite, health listener on (\`SKILLSHIP_HEALTH_PORT\`); one \`/livez\` probe every ${probeEveryMs} ms on each listener, each on its own connection.

| what | result | target / notes |
|---|---|---|
${rows.join('\n')}`
  console.log(markdown)
  await updateBenchmarksDoc('hardening', markdown)
}

/** The health listener's URL, from the line the CLI prints after its own (bounded wait). */
async function healthUrl(output: () => string): Promise<string> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const match = /health probes \(\/livez, \/readyz\) on (http:\/\/\S+)/.exec(output())
    if (match?.[1] !== undefined) return match[1]
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  throw new Error(`no health listener line: ${output()}`)
}

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-hardening-'))
try {
  const config = parseServerConfig({ env: {}, flags: { data: join(work, 'data') } })
  const admin = await createTokenOffline(config, { name: 'bench', scopes: ['admin'] })
  const server = await spawnServer(
    [
      ...(cpuProfDir === undefined ? [] : ['--cpu-prof', '--cpu-prof-dir', cpuProfDir]),
      '--import',
      'tsx',
      '--conditions=skillship-source',
      join(repoRoot, 'apps/cli/src/main.ts'),
      'server',
      '--data',
      config.dataDir,
      '--port',
      '0',
    ],
    { SKILLSHIP_LOG_LEVEL: 'warn', SKILLSHIP_WARMUP_SKILLS: '0', SKILLSHIP_HEALTH_PORT: '0' },
  )
  try {
    const client = createRegistryClient({ registry: server.url, token: admin.token })
    await client.publish(
      'probe',
      await packSkillWith(work, 'probe', 'metadata:\n  version: "1.0.0"\n'),
    )
    const pid = server.child.pid ?? 0
    const urls = { main: server.url, health: await healthUrl(server.output) }
    const idle = await livezDuring(urls, pid, () => new Promise((r) => setTimeout(r, 2000)))
    const metrics = await livezDuring(urls, pid, () =>
      flood(floodClients, floodMs, (agent) => send(agent, `${server.url}/metrics`)),
    )
    const call = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'tools/call',
      params: { name: 'load_skill', arguments: { name: 'probe' } },
    })
    // One call first: the first MCP request imports the SDK (a one-off stall of about 0.1 s, far
    // more under tsx on a loaded machine), which is not what a flood on a serving replica meets.
    await send(new Agent(), `${server.url}/mcp`, 'POST', call)
    const mcp = await livezDuring(urls, pid, () =>
      flood(floodClients, floodMs, (agent) => send(agent, `${server.url}/mcp`, 'POST', call)),
    )
    const floodRows = [
      `| \`/livez\` idle (baseline) | health listener p50 ${fmtMs(percentile(idle.health.ms, 50))}, ${fmtProbes(idle.health)}; main listener p50 ${fmtMs(percentile(idle.livez.ms, 50))}, ${fmtProbes(idle.livez)} | baseline; load ${idle.cost.load1.toFixed(1)} |`,
      `| \`/livez\` while ${floodClients} keep-alive clients flood \`GET /metrics\` for ${floodMs / 1000} s | ${fmtBoth(metrics)} | target < 100 ms; flood answers: ${fmtStatuses(metrics.result)}; ${fmtCost(metrics.cost, total(metrics.result))} |`,
      `| \`/livez\` while ${floodClients} keep-alive clients flood \`POST /mcp\` tools/call for ${floodMs / 1000} s | ${fmtBoth(mcp)} | target < 100 ms; flood answers: ${fmtStatuses(mcp.result)}; ${fmtCost(mcp.cost, total(mcp.result))} |`,
    ]
    if (floodsOnly) console.log(floodRows.join('\n'))
    else await fullReport(urls, pid, work, client, floodRows)
  } finally {
    await server.stop()
  }
} finally {
  await rm(work, { recursive: true, force: true })
}
