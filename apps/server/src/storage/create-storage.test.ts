import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import { RegistryErrorCode } from '@skillship/registry-client'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newExperiment } from '../../test/contract/experiment-store.contract.js'
import { newVersion } from '../../test/contract/new-version.js'
import {
  describeWithPostgres,
  usePostgresTestDatabase,
} from '../../test/postgres/postgres-test-database.js'
import { createStorage } from './create-storage.js'

async function failureOf(promise: Promise<unknown>): Promise<{ code?: string; message: string }> {
  const error: unknown = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  )
  if (!(error instanceof Error)) throw new Error('expected a rejection with an Error')
  return error as Error & { code?: string }
}

describe('createStorage (embedded)', () => {
  let parent: string
  beforeEach(async () => {
    parent = await mkdtemp(join(tmpdir(), 'skillship-storage-'))
  })
  afterEach(async () => {
    await rm(parent, { recursive: true, force: true })
  })

  it('creates the data folder (0700), a migrated SQLite database and file blobs', async () => {
    const dataDir = join(parent, 'data', 'nested')
    const storage = await createStorage({ dataDir })
    try {
      expect(storage.kind).toBe('sqlite')
      expect((await stat(dataDir)).mode & 0o777).toBe(0o700)
      expect(await storage.metadata.insertVersion(newVersion('alpha', '1.0.0'))).toBe('created')
      const bytes = new TextEncoder().encode('tarball')
      await storage.blobs.put(computeIntegrity(bytes), bytes)
      expect(await storage.experiments.createExperiment(newExperiment('exp', 'alpha'))).toBe(
        'created',
      )
      expect((await stat(join(dataDir, 'registry.db'))).isFile()).toBe(true)
      expect((await stat(join(dataDir, 'blobs', 'sha512'))).isDirectory()).toBe(true)
    } finally {
      await storage.close()
    }
    const reopened = await createStorage({ dataDir })
    expect(await reopened.metadata.countSkills()).toBe(1)
    expect((await reopened.experiments.getExperiment('exp'))?.skill).toBe('alpha')
    await reopened.close()
    await expect(reopened.close()).resolves.toBeUndefined()
  })

  it('reports a data folder it cannot create as REGISTRY_STORAGE_UNAVAILABLE', async () => {
    await writeFile(join(parent, 'a-file'), 'not a folder')
    const failure = await failureOf(createStorage({ dataDir: join(parent, 'a-file', 'data') }))
    expect(failure.code).toBe(RegistryErrorCode.StorageUnavailable)
  })
})

describe('createStorage (DATABASE_URL)', () => {
  it.each([
    ['not a URL', 'user:secret-pw@db:5432/registry'],
    ['empty', ''],
    ['another scheme', 'mysql://user:secret-pw@db:3306/registry'],
    ['a file URL', 'file:///var/lib/registry.db'],
  ])('refuses %s with REGISTRY_CONFIG_INVALID naming DATABASE_URL', async (_, databaseUrl) => {
    const failure = await failureOf(createStorage({ databaseUrl, dataDir: '/nonexistent' }))
    expect(failure.code).toBe(RegistryErrorCode.ConfigInvalid)
    expect(failure.message).toContain('DATABASE_URL')
    expect(failure.message).not.toContain('secret-pw')
  })

  it.each([
    ['127.0.0.1', 'postgres://user:secret-pw@127.0.0.1:1/registry'],
    ['localhost', 'postgresql://user:secret-pw@localhost:1/registry'],
  ])(
    'reports an unreachable %s as REGISTRY_STORAGE_UNAVAILABLE without the password',
    async (host, databaseUrl) => {
      const failure = await failureOf(createStorage({ databaseUrl, dataDir: '/nonexistent' }))
      expect(failure.code).toBe(RegistryErrorCode.StorageUnavailable)
      expect(failure.message).toContain(host)
      expect(failure.message).not.toContain('secret-pw')
    },
  )
})

const database = await usePostgresTestDatabase()

describeWithPostgres('createStorage (PostgreSQL)', database, ({ url }) => {
  it('puts metadata and blobs in PostgreSQL', async () => {
    const storage = await createStorage({ databaseUrl: url, dataDir: '/nonexistent' })
    try {
      expect(storage.kind).toBe('postgres')
      await storage.metadata.ping()
      const bytes = new TextEncoder().encode('tarball')
      await storage.blobs.put(computeIntegrity(bytes), bytes)
      expect(await storage.blobs.get(computeIntegrity(bytes))).toEqual(bytes)
      expect(await storage.experiments.createExperiment(newExperiment('exp', 'alpha'))).toBe(
        'created',
      )
      expect(await storage.experiments.acquireLease('evaluator', 'me', 1000, new Date())).toBe(true)
    } finally {
      await storage.close()
    }
    await expect(storage.close()).resolves.toBeUndefined()
  })

  it('reports a missing database as REGISTRY_STORAGE_UNAVAILABLE without the password', async () => {
    const missing = new URL(url)
    missing.password = 'secret-pw'
    missing.pathname = '/skillship_no_such_database'
    const failure = await failureOf(
      createStorage({ databaseUrl: missing.toString(), dataDir: '/nonexistent' }),
    )
    expect(failure.code).toBe(RegistryErrorCode.StorageUnavailable)
    expect(failure.message).not.toContain('secret-pw')
  })
})
