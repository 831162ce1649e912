import { describe, expect, it } from 'vitest'
import { createLocalInvalidationBus } from './create-local-invalidation-bus.js'
import type { InvalidationListener } from './invalidation-bus.js'

function recorder(events: string[], label: string): InvalidationListener {
  return {
    invalidate: (name) => events.push(`${label}:${name}`),
    invalidateAll: () => events.push(`${label}:*`),
  }
}

describe('createLocalInvalidationBus', () => {
  it('tells every subscriber before publish settles, until it unsubscribes', async () => {
    const bus = createLocalInvalidationBus()
    const events: string[] = []
    const stopA = bus.subscribe(recorder(events, 'a'))
    bus.subscribe(recorder(events, 'b'))
    await bus.publish('demo')
    stopA()
    await bus.publish('other')
    expect(events).toEqual(['a:demo', 'b:demo', 'b:other'])
    expect(bus.isLive()).toBe(true)
    await bus.close()
    await bus.publish('after-close')
    expect(events).toHaveLength(3)
  })

  it('tells every subscriber even when one throws, then rejects with that error', async () => {
    const bus = createLocalInvalidationBus()
    const events: string[] = []
    bus.subscribe({
      invalidate: () => {
        throw new Error('broken cache')
      },
      invalidateAll: () => undefined,
    })
    bus.subscribe(recorder(events, 'b'))
    await expect(bus.publish('demo')).rejects.toThrow('broken cache')
    expect(events).toEqual(['b:demo'])
  })
})
