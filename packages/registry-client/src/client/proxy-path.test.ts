import { createServer, type IncomingMessage } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import type { Duplex } from 'node:stream'
import { isSkillshipError } from '@skillship/core/errors'
import { EnvHttpProxyAgent } from 'undici'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import {
  closeFakeRegistries,
  fakeRegistry,
  sendJson,
  streamEndlessly,
} from '../../test/fake-registry.js'
import { skillDocument } from '../../test/wire-fixtures.js'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import { createRegistryClient } from './create-registry-client.js'

// The CLI's proxy path: the global fetch through undici's EnvHttpProxyAgent (what configureProxy
// installs for HTTP(S)_PROXY / NO_PROXY), here through a forwarding proxy on loopback. The same
// policy must hold there as on node:http: redirects, retries, caps.

afterEach(closeFakeRegistries)

const tunnels: string[] = []
// A tunnelling proxy (undici's ProxyAgent sends CONNECT, for http origins too): each CONNECT
// host:port is recorded and piped through.
const proxy = createServer((_request, response) => {
  response.writeHead(405)
  response.end()
})
proxy.on('connect', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
  const target = new URL(`http://${request.url ?? ''}`)
  tunnels.push(target.host)
  const upstream = connect(Number(target.port), target.hostname, () => {
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    upstream.write(head)
    upstream.pipe(socket)
    socket.pipe(upstream)
  })
  upstream.on('error', () => socket.destroy())
  socket.on('error', () => upstream.destroy())
  socket.on('close', () => upstream.destroy())
})
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
afterAll(async () => {
  proxy.closeAllConnections()
  await new Promise((resolve) => proxy.close(resolve))
})

function proxiedClient(registry: string, extra: { maxTarballBytes?: number } = {}) {
  const agent = new EnvHttpProxyAgent({ httpProxy: proxyUrl, noProxy: '' })
  // The global fetch takes undici's dispatcher at run time; its types name another undici copy.
  const proxied: typeof fetch = (input, init) =>
    fetch(input, Object.assign({}, init, { dispatcher: agent }))
  return createRegistryClient({
    registry,
    fetch: proxied,
    retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 5 },
    ...extra,
  })
}

describe('the proxy path (fetch + EnvHttpProxyAgent)', () => {
  it('goes through the proxy and follows a same-origin redirect', async () => {
    const registry = await fakeRegistry((seen, response) => {
      if (seen.path === '/v1/skills/old') {
        response.writeHead(302, { location: '/v1/skills/pdf' })
        response.end()
      } else sendJson(response, 200, skillDocument)
    })
    const answer = await proxiedClient(registry.url).getSkill('old')
    expect(answer).toMatchObject({ notModified: false, document: skillDocument })
    expect(tunnels).toContain(new URL(registry.url).host)
    expect(registry.seen.map((seen) => seen.path)).toEqual(['/v1/skills/old', '/v1/skills/pdf'])
  })

  it('refuses a cross-origin redirect', async () => {
    const other = await fakeRegistry((_seen, response) => sendJson(response, 200, skillDocument))
    const registry = await fakeRegistry((_seen, response) => {
      response.writeHead(302, { location: `${other.url}/v1/skills/pdf` })
      response.end()
    })
    const error = await proxiedClient(registry.url)
      .getSkill('pdf')
      .catch((e: unknown) => e)
    expect(isSkillshipError(error) && error.code).toBe(RegistryErrorCode.RedirectRefused)
    expect(other.seen).toHaveLength(0)
  })

  it('retries a 503', async () => {
    const registry = await fakeRegistry((_seen, response) => {
      if (registry.seen.length === 1)
        sendJson(response, 503, { error: { code: 'X', message: 'm' } })
      else sendJson(response, 200, skillDocument)
    })
    expect(await proxiedClient(registry.url).getSkill('pdf')).toMatchObject({ notModified: false })
    expect(registry.seen).toHaveLength(2)
  })

  it('caps a tarball that never ends', async () => {
    const registry = await fakeRegistry((_seen, response) =>
      streamEndlessly(response, 'application/gzip', { kind: 'chunked' }),
    )
    const client = proxiedClient(registry.url, { maxTarballBytes: 1024 * 1024 })
    const error = await client.downloadTarball('pdf', '1.0.0').catch((e: unknown) => e)
    expect(isSkillshipError(error) && error.code).toBe(RegistryErrorCode.ResponseTooLarge)
  })
})
