import { execFile } from 'node:child_process'
import { createServer, request, type Server } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// A real forward proxy and a fake registry on loopback; the CLI runs as a real process, because
// the proxy dispatcher is process-global.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
let registry: Server
let proxy: Server
const proxied: string[] = []

function listen(server: Server): Promise<number> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)),
  )
}

beforeAll(async () => {
  registry = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({
        items: [
          {
            name: 'via-proxy',
            description: 'd',
            latest: '1.0.0',
            private: false,
            updatedAt: new Date(0).toISOString(),
          },
        ],
        nextCursor: null,
      }),
    )
  })
  proxy = createServer((req, res) => {
    proxied.push(req.url ?? '')
    const target = new URL(req.url ?? '')
    const upstream = request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: req.method,
        headers: req.headers,
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(res)
      },
    )
    req.pipe(upstream)
  })
  // undici tunnels through CONNECT, for http:// targets too.
  proxy.on('connect', (req, client, head) => {
    proxied.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    upstream.on('error', () => client.destroy())
  })
  await Promise.all([listen(registry), listen(proxy)])
})

afterAll(() => {
  registry.close()
  proxy.close()
})

// Asynchronous on purpose: the servers above live in this process and must keep answering.
function search(env: Record<string, string>): Promise<{ status: number; stdout: string }> {
  const registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`
  const args = [bin, 'search', '--registry', registryUrl, '--json']
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      args,
      { env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent', ...env }, timeout: 20_000 },
      (error, stdout) => {
        resolve({ status: error ? Number((error as { code?: unknown }).code ?? 1) : 0, stdout })
      },
    )
  })
}

describe('proxy support', () => {
  it('sends registry traffic through HTTP_PROXY', async () => {
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const run = await search({ HTTP_PROXY: proxyUrl })
    expect(run.status).toBe(0)
    expect(JSON.parse(run.stdout).items[0].name).toBe('via-proxy')
    expect(proxied).toContain(`127.0.0.1:${(registry.address() as AddressInfo).port}`)
  })

  it('bypasses the proxy for NO_PROXY hosts', async () => {
    proxied.length = 0
    const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    expect((await search({ HTTP_PROXY: proxyUrl, NO_PROXY: '127.0.0.1' })).status).toBe(0)
    expect(proxied).toEqual([])
  })
})
