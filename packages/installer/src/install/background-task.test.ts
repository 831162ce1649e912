import { describe, expect, it } from 'vitest'
import { idleTask, startBackgroundTask } from './run-install.js'

describe('startBackgroundTask', () => {
  it('runs at once, and result() resolves after it succeeded', async () => {
    const order: string[] = []
    const task = startBackgroundTask(async () => {
      order.push('work')
    })
    order.push('caller')
    await task.result()
    await task.settled()
    expect(order).toEqual(['work', 'caller'])
  })

  it('keeps a failure for result() and never rejects settled()', async () => {
    const failure = new Error('disk full')
    const task = startBackgroundTask(async () => {
      throw failure
    })
    await expect(task.settled()).resolves.toBeUndefined()
    await expect(task.result()).rejects.toBe(failure)
  })

  it('has an idle task with nothing to wait for', async () => {
    await expect(idleTask.result()).resolves.toBeUndefined()
    await expect(idleTask.settled()).resolves.toBeUndefined()
  })
})
