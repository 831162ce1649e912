import { expect, it } from 'vitest'
import type { MetadataStore } from '../../src/storage/metadata-store.js'
import { newVersion } from './new-version.js'

const past = new Date('2020-01-01T00:00:00.000Z')

/** The dist-tag and version-patch part of the MetadataStore contract. */
export function describeTagsAndPatches(getStore: () => MetadataStore): void {
  describeDistTags(getStore)
  describeVersionPatches(getStore)
}

function describeDistTags(getStore: () => MetadataStore): void {
  it('sets, moves and removes dist-tags, bumping updatedAt', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt: past }))
    await store.insertVersion(newVersion('alpha', '2.0.0', { publishedAt: past, tag: 'beta' }))
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', beta: '2.0.0' })
    await store.setDistTag('alpha', 'beta', '1.0.0')
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', beta: '1.0.0' })
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThan(past.getTime())
    expect(await store.removeDistTag('alpha', 'beta')).toBe(true)
    expect(await store.removeDistTag('alpha', 'beta')).toBe(false)
    expect(await store.removeDistTag('nope', 'latest')).toBe(false)
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
  })

  it('keeps the skill description in step with the latest tag', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { description: 'one' }))
    await store.insertVersion(newVersion('alpha', '2.0.0', { description: 'two', tag: 'next' }))
    expect((await store.getSkill('alpha'))?.description).toBe('one')
    await store.setDistTag('alpha', 'latest', '2.0.0')
    expect((await store.getSkill('alpha'))?.description).toBe('two')
    await store.insertVersion(newVersion('alpha', '3.0.0', { description: 'three' }))
    expect((await store.getSkill('alpha'))?.description).toBe('three')
    await store.setDistTag('alpha', 'latest', '1.0.0')
    expect((await store.getSkill('alpha'))?.description).toBe('one')
  })
}

function describeVersionPatches(getStore: () => MetadataStore): void {
  it('deprecates, undeprecates, yanks and unyanks a version', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { publishedAt: past }))
    const state = async () => {
      const version = await store.getVersion('alpha', '1.0.0')
      return { deprecated: version?.deprecated, yanked: version?.yanked }
    }
    expect(await store.updateVersion('alpha', '1.0.0', { deprecated: 'use 2' })).toBe(true)
    expect(await state()).toEqual({ deprecated: 'use 2', yanked: false })
    expect(await store.updateVersion('alpha', '1.0.0', { yanked: true })).toBe(true)
    expect(await state()).toEqual({ deprecated: 'use 2', yanked: true })
    expect(await store.updateVersion('alpha', '1.0.0', { deprecated: null, yanked: false })).toBe(
      true,
    )
    expect(await state()).toEqual({ deprecated: null, yanked: false })
    expect(await store.updateVersion('alpha', '1.0.0', {})).toBe(true)
    expect(await store.updateVersion('alpha', '9.0.0', { yanked: true })).toBe(false)
    expect(await store.updateVersion('nope', '1.0.0', { deprecated: 'x' })).toBe(false)
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThan(past.getTime())
  })

  it('moves latest off a version when it is yanked, and nowhere when nothing else can serve', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0', { description: 'one' }))
    await store.insertVersion(newVersion('alpha', '2.0.0-rc.1', { tag: 'next' }))
    await store.insertVersion(newVersion('alpha', '1.1.0', { description: 'one one' }))
    expect(await store.getDistTags('alpha')).toMatchObject({ latest: '1.1.0' })
    expect(await store.updateVersion('alpha', '1.1.0', { yanked: true })).toBe(true)
    expect(await store.getDistTags('alpha')).toEqual({ latest: '1.0.0', next: '2.0.0-rc.1' })
    expect((await store.getSkill('alpha'))?.description).toBe('one')
    await store.updateVersion('alpha', '1.1.0', { yanked: false })
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
    await store.updateVersion('alpha', '2.0.0-rc.1', { yanked: true })
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
    await store.insertVersion(newVersion('solo', '1.0.0'))
    await store.updateVersion('solo', '1.0.0', { yanked: true })
    expect(await store.getDistTags('solo')).toEqual({ latest: '1.0.0' })
  })

  it('switches a skill between public and private', async () => {
    const store = getStore()
    await store.insertVersion(newVersion('alpha', '1.0.0'))
    expect(await store.setPrivate('alpha', true)).toBe(true)
    expect((await store.getSkill('alpha'))?.private).toBe(true)
    expect(await store.setPrivate('alpha', false)).toBe(true)
    expect((await store.getSkill('alpha'))?.private).toBe(false)
    expect(await store.setPrivate('nope', true)).toBe(false)
  })
}
