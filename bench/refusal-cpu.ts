// CPU per refused request (issue 15): `npx tsx --conditions=skillship-source bench/refusal-cpu.ts`.
// One registry app in this process with the `POST /mcp` and `GET /metrics` limits held full, behind
// two listeners: the server's (refusals before the framework, createBusyRefusals of
// http/busy-fast-path.ts, as start-server.ts uses them) and the app alone (the baseline: the same refusal through Hono's routing,
// middleware and error mapper). A child process sends the requests over 50 keep-alive
// connections, so this process's CPU time is the server's. Alternating rounds; medians. Prints
// rows for docs/benchmarks.md's hardening section; writes nothing.
import { spawn } from 'node:child_process'
import { createServer, type RequestListener } from 'node:http'
import type { AddressInfo } from 'node:net'
import { loadavg } from 'node:os'
import { getRequestListener } from '@hono/node-server'
import { createBusyRefusals } from '@skillship/server'
import { createTestRegistry } from '../apps/server/test/registry-harness.js'

const requests = 4000
const rounds = 5
const connections = 50

const client = `
const { Agent, request } = require('node:http')
const [url, method, body, count, connections] = JSON.parse(process.argv[1])
const agent = new Agent({ keepAlive: true, maxSockets: connections })
let left = count
const headers = body === '' ? {} : { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }
const one = () => new Promise((resolve) => {
  const req = request(url, { agent, method, headers }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)) })
  req.on('error', () => resolve(0))
  req.end(body === '' ? undefined : body)
})
const worker = async () => { while (left-- > 0) if ((await one()) !== 503) { console.error('not refused'); process.exit(1) } }
Promise.all(Array.from({ length: connections }, worker)).then(() => { agent.destroy(); process.exit(0) })
`

function send(url: string, method: string, body: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['-e', client, JSON.stringify([url, method, body, requests, connections])],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    )
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`client exited ${code}`)),
    )
  })
}

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  server.unref()
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

const registry = await createTestRegistry({ metrics: true })
registry.deps.logger.level = 'info'
const { limits, deps } = registry
for (const limit of [limits.mcp, limits.metrics])
  for (let i = limit.capacity(); i > 0; i--)
    void limit.run(() => new Promise<void>(() => undefined))
const app = getRequestListener(registry.app.fetch)
const metrics = deps.metrics
if (metrics === undefined) throw new Error('no metrics')
const refusals = createBusyRefusals(limits, { metrics, logger: deps.logger, accessLogSample: 0 })
const raw = await listen((request, response) => {
  for (const refuse of refusals) if (refuse(request, response)) return
  void app(request, response)
})
const framework = await listen((request, response) => void app(request, response))
const call = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' })
const cases = [
  ['POST /mcp', 'POST', '/mcp', call],
  ['GET /metrics', 'GET', '/metrics', ''],
] as const
for (const [name, method, path, body] of cases) {
  const cpu = { raw: [] as number[], framework: [] as number[] }
  for (let round = 0; round < rounds; round++) {
    for (const [which, base] of [
      ['raw', raw],
      ['framework', framework],
    ] as const) {
      const start = process.cpuUsage()
      await send(`${base}${path}`, method, body)
      const used = process.cpuUsage(start)
      cpu[which].push((used.user + used.system) / requests)
    }
  }
  const [r, f] = [median(cpu.raw), median(cpu.framework)]
  console.log(
    `| CPU per refused \`${name}\` (limit full; ${requests} requests × ${rounds} rounds, median) | ${Math.round(r)} µs before the framework | baseline: ${Math.round(f)} µs through Hono (the same 503 SERVE_BUSY); ${(r / f).toFixed(2)}x; load ${loadavg()[0]?.toFixed(1)} |`,
  )
}
await registry.close()
process.exit(0)
