import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RegistryErrorCode } from '@skillship/registry-client'
import { describe, expect, it } from 'vitest'
import { describeMetadataStoreContract } from '../../../test/contract/metadata-store.contract.js'
import { versionAudit } from '../../../test/contract/metadata-store-audits.contract.js'
import { newVersion } from '../../../test/contract/new-version.js'
import type { MetadataStore } from '../metadata-store.js'
import { createSqliteMetadataStore } from './sqlite-metadata-store.js'
import { sqliteMigrations } from './sqlite-migrations.js'

describeMetadataStoreContract('sqlite', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-'))
  const file = join(folder, 'registry.db')
  const store = createSqliteMetadataStore({ file })
  const peers: MetadataStore[] = []
  return {
    store,
    openPeer: async () => {
      const peer = createSqliteMetadataStore({ file })
      peers.push(peer)
      return peer
    },
    cleanup: async () => {
      for (const peer of peers) await peer.close()
      await store.close()
      await rm(folder, { recursive: true, force: true })
    },
  }
})

describe('createSqliteMetadataStore', () => {
  it('records each migration once, however often migrate runs', async () => {
    const store = createSqliteMetadataStore({ file: ':memory:' })
    await store.migrate()
    await store.migrate()
    await store.close()
    const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-'))
    try {
      const file = join(folder, 'registry.db')
      const first = createSqliteMetadataStore({ file })
      const second = createSqliteMetadataStore({ file })
      await Promise.all([first.migrate(), second.migrate(), first.migrate()])
      await Promise.all([first.close(), second.close()])
      const { default: Database } = await import('better-sqlite3')
      const db = new Database(file, { readonly: true })
      const versions = db.prepare('SELECT version FROM schema_migrations ORDER BY version').all()
      expect(versions).toEqual(sqliteMigrations.map(({ version }) => ({ version })))
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
      db.close()
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('refuses a file that is not a database with REGISTRY_STORAGE_UNAVAILABLE', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-'))
    try {
      const file = join(folder, 'registry.db')
      await writeFile(file, 'this is not a SQLite database, just text long enough to be read')
      expect(() => createSqliteMetadataStore({ file })).toThrow(
        expect.objectContaining({ code: RegistryErrorCode.StorageUnavailable }),
      )
      expect(() => createSqliteMetadataStore({ file: join(folder, 'missing', 'x.db') })).toThrow(
        expect.objectContaining({ code: RegistryErrorCode.StorageUnavailable }),
      )
    } finally {
      await rm(folder, { recursive: true, force: true })
    }
  })

  it('enforces foreign keys: a tag cannot point at a missing version', async () => {
    const store = createSqliteMetadataStore({ file: ':memory:' })
    await store.migrate()
    await expect(store.setDistTag('ghost', 'latest', '1.0.0')).rejects.toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    )
    await store.close()
  })
})

describe('createSqliteMetadataStore locking', () => {
  it('reports a write lock held past the busy timeout as REGISTRY_STORAGE_UNAVAILABLE', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-'))
    const file = join(folder, 'registry.db')
    const store = createSqliteMetadataStore({ file, busyTimeoutMillis: 50 })
    const { default: Database } = await import('better-sqlite3')
    const holder = new Database(file)
    try {
      await store.migrate()
      holder.exec('BEGIN IMMEDIATE')
      await expect(store.insertVersion(newVersion('alpha', '1.0.0'))).rejects.toThrow(
        expect.objectContaining({ code: RegistryErrorCode.StorageUnavailable }),
      )
      holder.exec('ROLLBACK')
      expect(await store.insertVersion(newVersion('alpha', '1.0.0'))).toBe('created')
    } finally {
      holder.close()
      await store.close()
      await rm(folder, { recursive: true, force: true })
    }
  })

  it("tells a server another connection's writes to skills and audits, once, and not commits to other tables", async () => {
    const folder = await mkdtemp(join(tmpdir(), 'skillship-sqlite-'))
    const file = join(folder, 'registry.db')
    const server = createSqliteMetadataStore({ file })
    const other = createSqliteMetadataStore({ file })
    const { default: Database } = await import('better-sqlite3')
    const raw = new Database(file)
    try {
      await server.migrate()
      expect(server.changedElsewhere?.()).toBe(false)
      await other.insertVersion(newVersion('notes', '1.0.0'))
      expect(server.changedElsewhere?.()).toBe(true)
      expect(server.changedElsewhere?.()).toBe(false)
      // Another connection's commit to a table documents are not built from (stats, activity).
      raw.exec('CREATE TABLE scratch (x INTEGER) STRICT; INSERT INTO scratch VALUES (1)')
      expect(server.changedElsewhere?.()).toBe(false)
      await other.setVersionAudit('notes', '1.0.0', versionAudit('block'), [])
      expect(server.changedElsewhere?.()).toBe(true)
    } finally {
      raw.close()
      await Promise.all([server.close(), other.close()])
      await rm(folder, { recursive: true, force: true })
    }
  })
})
