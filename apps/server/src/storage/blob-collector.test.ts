import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import { pino } from 'pino'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { newVersion } from '../../test/contract/new-version.js'
import { blobCollectorLease, startBlobCollector } from './blob-collector.js'
import { createStorage, type Storage } from './create-storage.js'

const logger = pino({ level: 'silent' })
const hourMs = 60 * 60 * 1000
const blob = () => {
  const bytes = new Uint8Array(randomBytes(64))
  return { bytes, integrity: computeIntegrity(bytes) }
}

describe('startBlobCollector', () => {
  let dataDir: string
  let storage: Storage

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-blob-gc-'))
    storage = await createStorage({ dataDir })
  })
  afterEach(async () => {
    await storage.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it("eventually collects a crashed publish's blob (put, no version row), never a published one", async () => {
    const crashed = blob()
    const published = blob()
    await storage.blobs.put(crashed.integrity, crashed.bytes)
    await storage.blobs.put(published.integrity, published.bytes)
    await storage.metadata.insertVersion(
      newVersion('published', '1.0.0', { integrity: published.integrity }),
    )
    const counts: number[] = []
    // The clock runs two hours ahead: both blobs are past the one-hour grace.
    const collector = startBlobCollector({
      blobs: storage.blobs,
      leases: storage.experiments,
      logger,
      graceMs: hourMs,
      intervalMs: hourMs,
      now: () => new Date(Date.now() + 2 * hourMs),
      onCollected: (count) => counts.push(count),
    })
    try {
      const deadline = Date.now() + 10_000
      while (counts.length === 0 && Date.now() < deadline) await collector.collect()
      expect(counts[0]).toBe(1)
      expect(await storage.blobs.has(crashed.integrity)).toBe(false)
      expect(await storage.blobs.get(published.integrity)).toEqual(published.bytes)
    } finally {
      await collector.close()
    }
  })

  it('keeps the blob of a publish in flight (younger than the grace)', async () => {
    const inFlight = blob()
    await storage.blobs.put(inFlight.integrity, inFlight.bytes)
    const collector = startBlobCollector({
      blobs: storage.blobs,
      leases: storage.experiments,
      logger,
      graceMs: hourMs,
      intervalMs: hourMs,
    })
    try {
      expect(await collector.collect()).toBe(0)
      expect(await storage.blobs.has(inFlight.integrity)).toBe(true)
    } finally {
      await collector.close()
    }
  })

  it('collects nothing while another replica holds the lease', async () => {
    const crashed = blob()
    await storage.blobs.put(crashed.integrity, crashed.bytes)
    const now = new Date(Date.now() + 2 * hourMs)
    expect(await storage.experiments.acquireLease(blobCollectorLease, 'other', hourMs, now)).toBe(
      true,
    )
    const collector = startBlobCollector({
      blobs: storage.blobs,
      leases: storage.experiments,
      logger,
      graceMs: hourMs,
      intervalMs: hourMs,
      now: () => now,
    })
    try {
      expect(await collector.collect()).toBe(0)
      expect(await storage.blobs.has(crashed.integrity)).toBe(true)
    } finally {
      await collector.close()
    }
  })
})
