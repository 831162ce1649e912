import { beforeEach, expect, it } from 'vitest'
import type { MetadataStore } from '../../src/storage/metadata-store.js'
import { newVersion } from './new-version.js'

/** The search part of the MetadataStore contract, on nine seeded skills (three private). */
export function describeSearch(getStore: () => MetadataStore): void {
  beforeEach(() => seedSkills(getStore()))
  describeMatching(getStore)
  describePagingAndSummaries(getStore)
}

async function seedSkills(store: MetadataStore): Promise<void> {
  const publish = (name: string, description: string, extra = {}) =>
    store.insertVersion(newVersion(name, '1.0.0', { description, ...extra }))
  await publish('pdf-tools', 'Read and fill PDF forms')
  await publish('web-search', 'Search the web')
  await publish('percent', 'Discounts: 100% off')
  await publish('under_score', 'snake_case helper')
  await publish('back-slash', 'Paths like C:\\temp')
  await publish('team-secret', 'Internal search', { private: true })
  await publish('teamxsecret', 'Internal too', { private: true })
  await publish('other-private', 'Hidden', { private: true })
  await publish('beta-only', 'Prerelease', { tag: 'beta' })
}

function searchNames(getStore: () => MetadataStore) {
  return async (q: string, privateNamePatterns: readonly string[] = [], limit = 100) =>
    (await getStore().searchSkills({ q, limit, privateNamePatterns })).map((s) => s.name)
}

function describeMatching(getStore: () => MetadataStore): void {
  const names = searchNames(getStore)

  it('matches a case-insensitive substring of name or description, ordered by name', async () => {
    expect(await names('')).toEqual([
      'back-slash',
      'beta-only',
      'pdf-tools',
      'percent',
      'under_score',
      'web-search',
    ])
    expect(await names('SEARCH')).toEqual(['web-search'])
    expect(await names('pdf forms')).toEqual(['pdf-tools'])
    expect(await names('nothing-matches')).toEqual([])
  })

  it('treats LIKE wildcards and the escape character in q literally', async () => {
    expect(await names('%')).toEqual(['percent'])
    expect(await names('_')).toEqual(['under_score'])
    expect(await names('\\')).toEqual(['back-slash'])
    expect(await names('100%')).toEqual(['percent'])
    expect(await names('e_s')).toEqual([])
  })

  it('lists private skills only when a pattern matches their name', async () => {
    expect(await names('secret')).toEqual([])
    expect(await names('secret', ['*'])).toEqual(['team-secret', 'teamxsecret'])
    expect(await names('', ['team-*'])).toContain('team-secret')
    expect(await names('', ['team-*'])).not.toContain('teamxsecret')
    expect(await names('', ['team-*'])).not.toContain('other-private')
    expect(await names('', ['other-private', 'team-secret'])).toEqual(
      expect.arrayContaining(['other-private', 'team-secret']),
    )
    expect(await names('', ['team_*', '%', 'team'])).toEqual(await names(''))
    expect(await names('internal', ['*-secret'])).toEqual(['team-secret'])
  })
}

function describePagingAndSummaries(getStore: () => MetadataStore): void {
  const names = searchNames(getStore)

  it('pages with after (exclusive) and limit', async () => {
    const all = await names('', ['*'])
    const paged: string[] = []
    let after: string | undefined
    for (;;) {
      const page = await getStore().searchSkills({
        q: '',
        limit: 2,
        privateNamePatterns: ['*'],
        ...(after === undefined ? {} : { after }),
      })
      if (page.length === 0) break
      expect(page.length).toBeLessThanOrEqual(2)
      paged.push(...page.map((s) => s.name))
      after = page.at(-1)?.name
    }
    expect(paged).toEqual(all)
    expect(all).toHaveLength(9)
    expect(await names('', ['*'], 0)).toEqual([])
  })

  it('summarizes each skill with its latest version', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('pdf-tools', '2.0.0', { description: 'PDF two' }))
    const [pdf] = await store.searchSkills({ q: 'pdf', limit: 10, privateNamePatterns: [] })
    expect(pdf).toEqual({
      name: 'pdf-tools',
      description: 'PDF two',
      latest: '2.0.0',
      private: false,
      updatedAt: newVersion('x', '1').publishedAt,
    })
    const [beta] = await store.searchSkills({ q: 'beta', limit: 10, privateNamePatterns: [] })
    expect(beta?.latest).toBeNull()
    const [secret] = await store.searchSkills({ q: 'team-', limit: 1, privateNamePatterns: ['*'] })
    expect(secret?.private).toBe(true)
  })
}
