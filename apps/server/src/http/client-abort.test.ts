import { mkdtemp, rm } from 'node:fs/promises'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { pollUntil } from '../../test/postgres/poll-until.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'
import { createLogger } from '../logging/create-logger.js'

let server: RunningServer
let dataDir: string
let token: string
const logs: Array<{ level: number; msg: string }> = []

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'skillship-abort-'))
  const config = parseServerConfig({ env: {}, flags: { data: dataDir, port: '0' } })
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(JSON.parse(String(chunk)) as { level: number; msg: string })
      done()
    },
  })
  server = await startServer(config, { logger: createLogger('info', sink) })
  token = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
})

afterAll(async () => {
  await server.close()
  await rm(dataDir, { recursive: true, force: true })
})

// Sends the head of a PUT announcing 64 KiB, waits for `100 Continue` (the server has handed the
// request to the app), sends 1 KiB of it and hangs up.
async function abortUploadMidBody(): Promise<void> {
  const { hostname, port } = new URL(server.url)
  const socket = connect(Number(port), hostname)
  const continued = new Promise<void>((resolve, reject) => {
    socket.on('data', (data) => {
      if (String(data).startsWith('HTTP/1.1 100')) resolve()
    })
    socket.on('error', reject)
  })
  socket.write(
    [
      'PUT /v1/skills/aborted HTTP/1.1',
      `host: ${hostname}:${port}`,
      `authorization: Bearer ${token}`,
      'content-type: application/octet-stream',
      `content-length: ${64 * 1024}`,
      'expect: 100-continue',
      '',
      '',
    ].join('\r\n'),
  )
  await continued
  await new Promise<void>((resolve) => socket.write(Buffer.alloc(1024, 1), () => resolve()))
  socket.destroy()
}

const scrape = async () => (await fetch(`${server.url}/metrics`)).text()
const publishes = (metrics: string, status: number) =>
  metrics.includes(
    `skillship_http_request_duration_seconds_count{method="PUT",route="/v1/skills/:name",status="${status}"}`,
  )

it('counts a client abort mid-upload as 499, never as a 5xx, and logs it at info', async () => {
  await abortUploadMidBody()
  let metrics = ''
  await pollUntil('the abort is counted', async () => {
    metrics = await scrape()
    return /route="\/v1\/skills\/:name",status="\d+"/.test(metrics)
  })
  expect({ as499: publishes(metrics, 499), as500: publishes(metrics, 500) }).toEqual({
    as499: true,
    as500: false,
  })
  console.log(JSON.stringify(logs.filter((e) => e.level >= 40)))
  expect(logs.filter((entry) => entry.level >= 50).map((entry) => entry.msg)).toEqual([])
  expect(logs.some((entry) => entry.level === 30 && /client aborted/.test(entry.msg))).toBe(true)
})
