import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewActivity } from '../../src/activity/activity-store.js'
import type { ConsoleStoresFixture } from './console-stores-fixture.js'
import { newVersion } from './new-version.js'

const at = new Date('2024-10-04T12:00:00.123Z')

function entry(action: string, skill: string | null, target = skill ?? 'tok-1'): NewActivity {
  return { at, actor: 'ci', action, target, skill, details: { tag: 'latest', n: 1 } }
}

/** The behaviour every ActivityStore must show; run it once per engine. */
export function describeActivityStoreContract(
  label: string,
  factory: () => Promise<ConsoleStoresFixture>,
): void {
  describe(`ActivityStore contract: ${label}`, () => {
    let fixture: ConsoleStoresFixture
    beforeEach(async () => {
      fixture = await factory()
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    it('writes a publish and its entry in one transaction: both or neither', async () => {
      const { activity, metadata } = fixture
      const logged = { ...entry('publish', 'alpha', 'alpha@1.0.0') }
      expect(await metadata.insertVersion(newVersion('alpha', '1.0.0', { activity: logged }))).toBe(
        'created',
      )
      // A refused entry (an empty actor) fails the publish: no version, no entry.
      const refused = { ...entry('publish', 'alpha', 'alpha@2.0.0'), actor: '' }
      await expect(
        metadata.insertVersion(newVersion('alpha', '2.0.0', { activity: refused })),
      ).rejects.toThrow(RangeError)
      expect(await metadata.getVersion('alpha', '2.0.0')).toBeUndefined()
      // A publish that stores nothing (the version exists) logs nothing.
      const again = { ...entry('publish', 'alpha', 'alpha@1.0.0'), actor: 'mallory' }
      expect(await metadata.insertVersion(newVersion('alpha', '1.0.0', { activity: again }))).toBe(
        'exists',
      )
      const listed = await activity.listActivity({ limit: 10, visible: 'all' })
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([logged])
    })

    it('writes a token change and its entry in one transaction: both or neither', async () => {
      const { activity, metadata } = fixture
      const token = {
        id: 't-1',
        name: 'ci',
        hash: 'a'.repeat(64),
        scopes: ['admin'],
        createdAt: at,
      }
      const refused = { ...entry('token.create', null, 't-1'), actor: '' }
      await expect(metadata.createToken(token, refused)).rejects.toThrow(RangeError)
      expect(await metadata.findTokenByHash(token.hash)).toBeUndefined()
      const created = entry('token.create', null, 't-1')
      await metadata.createToken(token, created)
      await expect(
        metadata.deleteToken('t-1', { ...entry('token.revoke', null, 't-1'), actor: '' }),
      ).rejects.toThrow(RangeError)
      expect(await metadata.findTokenByHash(token.hash)).toBeDefined()
      expect(await metadata.deleteToken('nobody', entry('token.revoke', null, 'nobody'))).toBe(
        false,
      )
      const revoked = entry('token.revoke', null, 't-1')
      expect(await metadata.deleteToken('t-1', revoked)).toBe(true)
      const listed = await activity.listActivity({ limit: 10, visible: 'all' })
      expect(listed.map(({ id: _id, ...rest }) => rest)).toEqual([revoked, created])
    })

    it('appends with increasing ids and lists newest first, page by page', async () => {
      const { activity } = fixture
      const ids: string[] = []
      for (let i = 0; i < 5; i++) ids.push(await activity.appendActivity(entry(`a${i}`, null)))
      expect(ids.map(Number)).toEqual([...ids.map(Number)].sort((x, y) => x - y))
      const first = await activity.listActivity({ limit: 2, visible: 'all' })
      expect(first.map((e) => e.action)).toEqual(['a4', 'a3'])
      expect(first[0]).toEqual({ id: ids[4], ...entry('a4', null) })
      const second = await activity.listActivity({
        before: String(ids[3]),
        limit: 10,
        visible: 'all',
      })
      expect(second.map((e) => e.action)).toEqual(['a2', 'a1', 'a0'])
      expect(
        await activity.listActivity({ before: String(ids[0]), limit: 10, visible: 'all' }),
      ).toEqual([])
    })

    it('shows other tokens public skills and the private ones their globs match, never token entries', async () => {
      const { activity, metadata } = fixture
      await metadata.insertVersion(newVersion('public-one', '1.0.0'))
      await metadata.insertVersion(newVersion('team-secret', '1.0.0', { private: true }))
      await metadata.insertVersion(newVersion('other-secret', '1.0.0', { private: true }))
      await metadata.insertVersion(newVersion('teamxsecret', '1.0.0', { private: true }))
      for (const skill of ['public-one', 'team-secret', 'other-secret', 'teamxsecret', 'gone']) {
        await activity.appendActivity(entry('publish', skill))
      }
      await activity.appendActivity(entry('token.create', null))
      const seen = async (patterns: string[]) =>
        (
          await activity.listActivity({ limit: 50, visible: { privateNamePatterns: patterns } })
        ).map((e) => e.skill)
      expect(await seen([])).toEqual(['public-one'])
      expect(await seen(['team-*'])).toEqual(['team-secret', 'public-one'])
      // `_` in a glob is literal, as in search.
      expect(await seen(['team_secret'])).toEqual(['public-one'])
      expect(await seen(['*'])).toEqual([
        'gone',
        'teamxsecret',
        'other-secret',
        'team-secret',
        'public-one',
      ])
      expect(await activity.listActivity({ limit: 50, visible: 'all' })).toHaveLength(6)
    })

    it('gives distinct ids to entries appended at once by two replicas', async () => {
      const { activity, openPeer } = fixture
      const peer = await openPeer()
      const ids = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (i % 2 === 0 ? activity : peer.activity).appendActivity(entry(`r${i}`, null)),
        ),
      )
      expect(new Set(ids).size).toBe(20)
      expect(await peer.activity.listActivity({ limit: 100, visible: 'all' })).toHaveLength(20)
    })

    it('refuses details past the bound and empty fields, writing nothing', async () => {
      const { activity } = fixture
      const big = { ...entry('publish', 'x'), details: { text: 'x'.repeat(5000) } }
      await expect(activity.appendActivity(big)).rejects.toBeInstanceOf(RangeError)
      await expect(
        activity.appendActivity({ ...entry('publish', 'x'), actor: '' }),
      ).rejects.toBeInstanceOf(RangeError)
      expect(await activity.listActivity({ limit: 10, visible: 'all' })).toEqual([])
    })
  })
}
