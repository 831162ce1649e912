import { describe, expect, it } from 'vitest'
import { createLogger } from '../logging/create-logger.js'
import { createLoadCounter } from './load-counter.js'
import { startLoadCountFlush } from './start-load-count-flush.js'

const logger = createLogger('silent')

describe('startLoadCountFlush', () => {
  it('adds the counts to storage and empties the counter', async () => {
    const counter = createLoadCounter()
    const recorded: Map<string, number>[] = []
    const flush = startLoadCountFlush({
      counter,
      logger,
      metadata: { recordLoads: async (counts) => void recorded.push(new Map(counts)) },
    })
    counter.add('a')
    counter.add('a')
    counter.add('b')
    await flush.flush()
    await flush.flush()
    counter.add('c')
    await flush.close()
    expect(recorded).toEqual([
      new Map([
        ['a', 2],
        ['b', 1],
      ]),
      new Map([['c', 1]]),
    ])
  })

  it('puts the counts of a failed flush back for the next one', async () => {
    const counter = createLoadCounter()
    let fail = true
    const recorded: Map<string, number>[] = []
    const flush = startLoadCountFlush({
      counter,
      logger,
      metadata: {
        recordLoads: async (counts) => {
          if (fail) throw new Error('storage down')
          recorded.push(new Map(counts))
        },
      },
    })
    counter.add('a')
    await flush.flush()
    counter.add('a')
    fail = false
    await flush.close()
    expect(recorded).toEqual([new Map([['a', 2]])])
  })

  it('flushes on its timer', async () => {
    const counter = createLoadCounter()
    const recorded: number[] = []
    const flush = startLoadCountFlush({
      counter,
      logger,
      intervalMs: 5,
      metadata: { recordLoads: async (counts) => void recorded.push(counts.size) },
    })
    counter.add('a')
    const deadline = Date.now() + 2000
    while (recorded.length === 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await flush.close()
    expect(recorded).toEqual([1])
  })
})
