import { mkdtemp, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { parseServerConfig } from '../config/server-config.js'
import { startServer } from './start-server.js'

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup()
})

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => resolve(server))
  })
}

const portOf = (server: Server) => (server.address() as { port: number }).port
const close = (server: Server) => new Promise<void>((resolve) => server.close(() => resolve()))

describe('startServer on an address it cannot take', () => {
  it('refuses with SERVE_LISTEN_FAILED naming the address, and leaves the health port free', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'skillship-listen-'))
    cleanups.push(() => rm(dataDir, { recursive: true, force: true }))
    const taken = await listen(0)
    cleanups.push(() => close(taken))
    const spare = await listen(0)
    const healthPort = portOf(spare)
    await close(spare)
    const config = parseServerConfig({
      env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_HEALTH_PORT: String(healthPort) },
      flags: { data: dataDir, port: String(portOf(taken)) },
    })
    const failure = await startServer(config).catch((error: unknown) => error)
    expect(failure).toMatchObject({ code: ServeErrorCode.ListenFailed })
    expect((failure as Error).message).toContain(`127.0.0.1:${portOf(taken)}`)
    // The health listener started before the main one is closed again: its port can be taken.
    await close(await listen(healthPort))
  })
})
