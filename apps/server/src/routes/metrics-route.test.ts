import { isSkillshipError } from '@skillship/core'
import { describe, expect, it } from 'vitest'
import { cacheScrape, metricsAnswerBudget, metricsAnswersPerPeriod } from './metrics-route.js'

describe('cacheScrape', () => {
  it('renders once per period and shares a rendering under way', async () => {
    let renders = 0
    let clock = 0
    const scrape = cacheScrape(
      async () => ({ body: `render ${++renders}`, contentType: 'text/plain' }),
      2000,
      () => clock,
    )
    const [first, second] = await Promise.all([scrape(), scrape()])
    clock = 1999
    const third = await scrape()
    clock = 2000
    const fourth = await scrape()
    expect([first, second, third, fourth].map((r) => r.body)).toEqual([
      'render 1',
      'render 1',
      'render 1',
      'render 2',
    ])
  })

  it('does not keep a failed rendering', async () => {
    let calls = 0
    const scrape = cacheScrape(
      async () => {
        calls++
        if (calls === 1) throw new Error('registry failed')
        return { body: 'ok', contentType: 'text/plain' }
      },
      2000,
      () => 0,
    )
    await expect(scrape()).rejects.toThrow('registry failed')
    expect((await scrape()).body).toBe('ok')
  })
})

describe('metricsAnswerBudget', () => {
  it('lets max answers through per period and refuses the rest with SERVE_BUSY', () => {
    let clock = 0
    const budget = metricsAnswerBudget(() => clock)
    const max = metricsAnswersPerPeriod
    for (let i = 0; i < max - 3; i++) budget.spend()
    const outcome = () => {
      try {
        budget.spend()
        return 'ok'
      } catch (error) {
        return isSkillshipError(error) ? error.code : 'other'
      }
    }
    expect(budget.exhausted()).toBe(false)
    expect([outcome(), outcome(), outcome(), outcome()]).toEqual(['ok', 'ok', 'ok', 'SERVE_BUSY'])
    clock = 1999
    expect(budget.exhausted()).toBe(true)
    expect(outcome()).toBe('SERVE_BUSY')
    clock = 2000
    expect(budget.exhausted()).toBe(false)
    for (let i = 0; i < max - 3; i++) budget.spend()
    expect([outcome(), outcome(), outcome(), outcome()]).toEqual(['ok', 'ok', 'ok', 'SERVE_BUSY'])
  })
})
