import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { afterAll, expect, it } from 'vitest'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'
import { createStorage } from '../storage/create-storage.js'

const dataDir = await mkdtemp(join(tmpdir(), 'skillship-stats-shutdown-'))
afterAll(() => rm(dataDir, { recursive: true, force: true }))

// The flush interval is the longest allowed, so only the shutdown can have written the loads.
it('writes the buffered load statistics at graceful shutdown', async () => {
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent', SKILLSHIP_STATS_FLUSH_MS: '300000' },
    flags: { data: dataDir, port: '0' },
  })
  const { token } = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
  const server = await startServer(config)
  try {
    const client = createRegistryClient({ registry: server.url, token })
    await client.publish('kept', await packTestSkill('kept', '1.0.0'))
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.url}/v1/load/kept`)
      expect(response.status).toBe(200)
      await response.arrayBuffer()
    }
  } finally {
    await server.close()
  }
  const storage = await createStorage({ dataDir })
  try {
    const records = await storage.stats.readLoadStats('kept', 0)
    expect(records.map((r) => [r.version, r.loads, r.hits])).toEqual([['1.0.0', 3, 2]])
  } finally {
    await storage.close()
  }
})
