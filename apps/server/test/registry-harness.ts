import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Writable } from 'node:stream'
import { type PresetName, parsePolicy, rulePack } from '@skillship/audit'
import { loadSkill, packSkill } from '@skillship/core/node'
import type { Hono } from 'hono'
import { expect } from 'vitest'
import { createRegistryApp } from '../src/app/create-registry-app.js'
import type { RegistryDeps } from '../src/app/registry-deps.js'
import type { RegistryEnv } from '../src/app/registry-env.js'
import { createInProcessAuditor } from '../src/audit/skill-auditor.js'
import { issueToken } from '../src/auth/issue-token.js'
import { type CostlyRouteLimits, createCostlyRouteLimits } from '../src/http/concurrency-limit.js'
import { createLocalInvalidationBus } from '../src/invalidation/create-local-invalidation-bus.js'
import type { InvalidationBus } from '../src/invalidation/invalidation-bus.js'
import { createServingCaches, type ServingCaches } from '../src/load/create-serving-caches.js'
import { createLogger } from '../src/logging/create-logger.js'
import { createServeMetrics } from '../src/metrics/serve-metrics.js'
import { createStorage } from '../src/storage/create-storage.js'

/** A registry app on real embedded storage in a temp folder, with an admin token and captured logs. */
export interface TestRegistry {
  readonly app: Hono<RegistryEnv>
  readonly deps: RegistryDeps
  /** The document cache and skill loader the app serves from (subscribed to the bus). */
  readonly caches: ServingCaches
  readonly adminToken: string
  readonly logs: string[]
  /** The app's concurrency limits of costly routes (tests fill them). */
  readonly limits: CostlyRouteLimits
  request(
    method: string,
    path: string,
    options?: { token?: string; body?: RequestInit['body']; headers?: Record<string, string> },
  ): Promise<Response>
  token(scopes: string[], name?: string): Promise<string>
  close(): Promise<void>
}

export async function createTestRegistry(
  options: {
    databaseUrl?: string
    maxUploadBytes?: number
    /** Default: an in-process bus (every write of the test goes through this app). */
    invalidation?: InvalidationBus
    /** Bound of the loaded-skill cache (default 64 MiB). */
    cacheMaxBytes?: number
    /** Serve `/metrics` (without process metrics). */
    metrics?: boolean
    /**
     * The publish policy (default `default`, as a server's). Suites that test serving rather than
     * the gate and publish fixtures the audit blocks (a `.bin` asset is unanalyzable) pass
     * `permissive`.
     */
    auditPolicy?: PresetName
  } = {},
): Promise<TestRegistry> {
  const dataDir = await mkdtemp(join(tmpdir(), 'skillship-registry-'))
  const storage = await createStorage({
    dataDir,
    ...(options.databaseUrl === undefined ? {} : { databaseUrl: options.databaseUrl }),
  })
  const logs: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logs.push(String(chunk))
      done()
    },
  })
  const deps: RegistryDeps = {
    metadata: storage.metadata,
    blobs: storage.blobs,
    logger: createLogger('debug', sink),
    maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    sharedStorage: storage.kind === 'postgres',
    invalidation: options.invalidation ?? createLocalInvalidationBus(),
    lifecycle: { shuttingDown: false, warm: true },
    limits: createCostlyRouteLimits(),
    audit: {
      auditor: createInProcessAuditor(rulePack),
      policy: parsePolicy(options.auditPolicy ?? 'default'),
    },
    ...(options.metrics
      ? {
          metrics: createServeMetrics({
            prefix: 'skillship_',
            version: 'test',
            processMetrics: false,
          }),
        }
      : {}),
  }
  const caches = createServingCaches(
    deps,
    options.cacheMaxBytes === undefined ? {} : { memoryBytes: options.cacheMaxBytes },
  )
  const app = createRegistryApp(deps, caches)
  const admin = await issueToken(storage.metadata, { name: 'admin', scopes: ['admin'] })
  return {
    app,
    deps,
    caches,
    adminToken: admin.token,
    logs,
    limits: deps.limits ?? createCostlyRouteLimits(),
    request: async (method, path, { token, body, headers = {} } = {}) =>
      await app.request(path, {
        method,
        ...(body === undefined ? {} : { body }),
        headers: {
          ...headers,
          ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
        },
      }),
    token: async (scopes, name = `token-${scopes.join('-')}`) =>
      (await issueToken(storage.metadata, { name, scopes })).token,
    close: async () => {
      caches.close()
      await deps.invalidation.close()
      await storage.close()
      await rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Publishes `packTestSkill(name, version, files)` as the admin (`query` after the name); expects 201. */
export async function publishTestSkill(
  registry: TestRegistry,
  name: string,
  version: string,
  query = '',
  files: Record<string, string> = {},
): Promise<{ integrity: string }> {
  const response = await registry.request('PUT', `/v1/skills/${name}${query}`, {
    token: registry.adminToken,
    body: await packTestSkill(name, version, files),
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { integrity: string }
}

/** Packs a generated skill `name` at `version` (deterministic, like the CLI) and returns the tarball. */
export async function packTestSkill(
  name: string,
  version: string,
  extraFiles: Record<string, string> = {},
  frontmatter = '',
): Promise<Uint8Array> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-skill-'))
  try {
    const files: Record<string, string> = {
      'SKILL.md': `---\nname: ${name}\ndescription: "Does ${name} work. Use when ${name} is needed."\n${frontmatter}metadata:\n  version: "${version}"\n---\n# ${name}\n`,
      ...extraFiles,
    }
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, name, path)), { recursive: true })
      await writeFile(join(root, name, path), content)
    }
    return (await packSkill(await loadSkill(join(root, name)))).tarball
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
