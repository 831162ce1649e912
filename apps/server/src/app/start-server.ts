import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import type { Logger } from 'pino'
import type { ServerConfig } from '../config/server-config.js'
import { createSkillDocumentCache } from '../documents/skill-document-cache.js'
import { createDocumentFastPath } from '../http/document-fast-path.js'
import { createLogger } from '../logging/create-logger.js'
import { createStorage } from '../storage/create-storage.js'
import { createRegistryApp } from './create-registry-app.js'
import { seedSkills } from './seed-skills.js'

/** A listening server. `close` drains it: readiness off, no new connections, in-flight finished. */
export interface RunningServer {
  readonly url: string
  readonly port: number
  readonly storage: 'sqlite' | 'postgres'
  close(): Promise<void>
}

/**
 * Opens storage (migrating it), publishes the example skills when asked, builds the app and
 * listens on `config.host:config.port` (port 0 picks a free one). Installs no signal handlers: the caller (the CLI) decides when to `close`.
 */
export async function startServer(
  config: ServerConfig,
  options: { readonly logger?: Logger; readonly examplesDir?: string } = {},
): Promise<RunningServer> {
  const logger = options.logger ?? createLogger(config.logLevel)
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  })
  const lifecycle = { shuttingDown: false }
  const deps = {
    metadata: storage.metadata,
    blobs: storage.blobs,
    logger,
    maxUploadBytes: config.maxUploadBytes,
    sharedStorage: storage.kind === 'postgres',
    lifecycle,
  }
  if (options.examplesDir !== undefined) await seedSkills(deps, options.examplesDir)
  const cache = createSkillDocumentCache()
  const listener = getRequestListener(createRegistryApp(deps, cache).fetch)
  const fastPath = createDocumentFastPath(deps, cache)
  const server = createServer((request, response) => {
    if (fastPath(request, response)) return
    listener(request, response).catch((error: unknown) =>
      logger.error({ err: error }, 'request failed outside the app'),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(config.port, config.host, () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`
  logger.info(
    { url, storage: storage.kind, dataDir: storage.kind === 'sqlite' ? config.dataDir : undefined },
    'skillship server listening',
  )
  return {
    url,
    port,
    storage: storage.kind,
    close: async () => {
      lifecycle.shuttingDown = true
      await drain(server, config.shutdownTimeoutMs)
      await storage.close()
      logger.info('skillship server stopped')
    },
  }
}

// Stops accepting, lets in-flight requests finish, and cuts whatever is left at the deadline.
async function drain(server: Server, timeoutMs: number): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()))
  const timer = setTimeout(() => {
    server.closeAllConnections()
  }, timeoutMs)
  try {
    await closed
  } finally {
    clearTimeout(timer)
  }
}
