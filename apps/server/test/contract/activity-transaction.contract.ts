import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { NewActivity } from '../../src/activity/activity-store.js'
import type { ConsoleStoresFixture } from './console-stores-fixture.js'
import { newExperiment } from './experiment-store.contract.js'
import { versionAudit } from './metadata-store-audits.contract.js'
import { newVersion } from './new-version.js'

const at = new Date('2024-10-04T12:00:00.123Z')

function entry(action: string, target: string, actor = 'ci'): NewActivity {
  return { at, actor, action, target, skill: 'alpha', details: { n: 1 } }
}

/** An entry every store refuses (an empty actor): the action carrying it must roll back. */
function refused(action: string, target: string): NewActivity {
  return entry(action, target, '')
}

/**
 * The metadata writes that take their activity entries: the write and its entries commit in one
 * transaction (both or neither), and a write that changes nothing appends nothing. Run once per
 * engine, beside the activity store contract.
 */
export function describeActivityTransactionContract(
  label: string,
  factory: () => Promise<ConsoleStoresFixture>,
): void {
  describe(`Activity in the action's transaction: ${label}`, () => {
    let fixture: ConsoleStoresFixture
    const logged = async () =>
      (await fixture.activity.listActivity({ limit: 50, visible: 'all' })).map(
        ({ id: _id, ...rest }) => rest,
      )
    beforeEach(async () => {
      fixture = await factory()
      await fixture.metadata.insertVersion(newVersion('alpha', '1.0.0'))
      await fixture.metadata.insertVersion(newVersion('alpha', '2.0.0'))
    })
    afterEach(async () => {
      await fixture.cleanup()
    })

    it('writes a dist-tag set and remove with their entries: both or neither', async () => {
      const { metadata } = fixture
      await expect(
        metadata.setDistTag('alpha', 'beta', '1.0.0', refused('dist-tag.set', 'alpha')),
      ).rejects.toThrow(RangeError)
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '2.0.0' })
      const set = entry('dist-tag.set', 'alpha')
      await metadata.setDistTag('alpha', 'beta', '1.0.0', set)
      await expect(
        metadata.removeDistTag('alpha', 'beta', refused('dist-tag.remove', 'alpha')),
      ).rejects.toThrow(RangeError)
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '2.0.0', beta: '1.0.0' })
      // Removing a tag that is not there changes nothing and logs nothing.
      expect(await metadata.removeDistTag('alpha', 'gone', entry('x', 'alpha', 'mallory'))).toBe(
        false,
      )
      const removed = entry('dist-tag.remove', 'alpha')
      expect(await metadata.removeDistTag('alpha', 'beta', removed)).toBe(true)
      expect(await logged()).toEqual([removed, set])
    })

    it('writes a deprecate and yank with their entries: both or neither', async () => {
      const { metadata } = fixture
      const patch = { deprecated: 'use 3', yanked: true }
      await expect(
        metadata.updateVersion('alpha', '2.0.0', patch, [
          entry('deprecate', 'alpha@2.0.0'),
          refused('yank', 'alpha@2.0.0'),
        ]),
      ).rejects.toThrow(RangeError)
      const untouched = await metadata.getVersion('alpha', '2.0.0')
      expect([untouched?.deprecated, untouched?.yanked]).toEqual([null, false])
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '2.0.0' })
      // No such version: nothing changes and nothing is logged.
      expect(
        await metadata.updateVersion('alpha', '9.0.0', patch, [entry('yank', 'alpha@9.0.0')]),
      ).toBe(false)
      const entries = [entry('deprecate', 'alpha@2.0.0'), entry('yank', 'alpha@2.0.0')]
      expect(await metadata.updateVersion('alpha', '2.0.0', patch, entries)).toBe(true)
      const changed = await metadata.getVersion('alpha', '2.0.0')
      expect([changed?.deprecated, changed?.yanked]).toEqual(['use 3', true])
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
      expect(await logged()).toEqual([...entries].reverse())
    })

    it('writes a visibility change with its entry: both or neither', async () => {
      const { metadata } = fixture
      await expect(
        metadata.setPrivate('alpha', true, refused('visibility', 'alpha')),
      ).rejects.toThrow(RangeError)
      expect((await metadata.getSkill('alpha'))?.private).toBe(false)
      expect(await metadata.setPrivate('nobody', true, entry('visibility', 'nobody'))).toBe(false)
      const changed = entry('visibility', 'alpha')
      expect(await metadata.setPrivate('alpha', true, changed)).toBe(true)
      expect((await metadata.getSkill('alpha'))?.private).toBe(true)
      expect(await logged()).toEqual([changed])
    })

    it('writes a publisher key add and revoke with their entries: both or neither', async () => {
      const { metadata } = fixture
      const key = {
        keyId: 'k-1',
        publicKey: 'PEM',
        owner: 'ci',
        scopes: ['publish:*'],
        createdAt: at,
        revokedAt: null,
      }
      const adminOnly = (action: string): NewActivity => ({ ...entry(action, 'k-1'), skill: null })
      await expect(
        metadata.addPublisherKey(key, { ...adminOnly('key.add'), actor: '' }),
      ).rejects.toThrow(RangeError)
      expect(await metadata.getPublisherKey('k-1')).toBeUndefined()
      const added = adminOnly('key.add')
      expect(await metadata.addPublisherKey(key, added)).toBe('created')
      // Adding it again changes nothing and logs nothing.
      expect(await metadata.addPublisherKey(key, { ...added, actor: 'mallory' })).toBe('exists')
      await expect(
        metadata.revokePublisherKey('k-1', at, { ...adminOnly('key.revoke'), actor: '' }),
      ).rejects.toThrow(RangeError)
      expect((await metadata.getPublisherKey('k-1'))?.revokedAt).toBeNull()
      const revoked = adminOnly('key.revoke')
      expect((await metadata.revokePublisherKey('k-1', at, revoked)).revoked).toBe(true)
      // Revoking it again, or an unknown key, changes nothing and logs nothing.
      const again = { ...revoked, actor: 'mallory' }
      expect((await metadata.revokePublisherKey('k-1', at, again)).revoked).toBe(false)
      expect((await metadata.revokePublisherKey('nope', at, again)).revoked).toBe(false)
      expect((await metadata.getPublisherKey('k-1'))?.revokedAt).toEqual(at)
      expect(await logged()).toEqual([revoked, added])
    })

    it('writes a re-audit and its entry: both or neither', async () => {
      const { metadata } = fixture
      const blocked = versionAudit('block', '2027.1.0')
      await expect(
        metadata.setVersionAudit('alpha', '2.0.0', blocked, [], refused('audit.rejudge', 'alpha')),
      ).rejects.toThrow(RangeError)
      expect(await metadata.getVersionAudit('alpha', '2.0.0')).toBeUndefined()
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '2.0.0' })
      const rejudged = entry('audit.rejudge', 'alpha@2.0.0', 'server')
      expect(
        await metadata.setVersionAudit('alpha', '9.0.0', blocked, [], { ...rejudged, actor: 'x' }),
      ).toBe(false)
      expect(await metadata.setVersionAudit('alpha', '2.0.0', blocked, [], rejudged)).toBe(true)
      expect((await metadata.getVersionAudit('alpha', '2.0.0'))?.verdict).toBe('block')
      expect(await metadata.getDistTags('alpha')).toEqual({ latest: '1.0.0' })
      expect(await logged()).toEqual([rejudged])
    })

    it('writes experiment create, start and ending with their entries: both or neither', async () => {
      const { experiments } = fixture
      const draft = newExperiment('exp-1', 'alpha')
      await expect(
        experiments.createExperiment(draft, refused('experiment.create', 'exp-1')),
      ).rejects.toThrow(RangeError)
      expect(await experiments.getExperiment('exp-1')).toBeUndefined()
      const created = entry('experiment.create', 'exp-1')
      expect(await experiments.createExperiment(draft, created)).toBe('created')
      expect(await experiments.createExperiment(draft, entry('x', 'exp-1', 'mallory'))).toBe(
        'exists',
      )
      await expect(
        experiments.startExperiment('exp-1', at, refused('experiment.start', 'exp-1')),
      ).rejects.toThrow(RangeError)
      expect((await experiments.getExperiment('exp-1'))?.status).toBe('draft')
      const started = entry('experiment.start', 'exp-1')
      expect(await experiments.startExperiment('exp-1', at, started)).toBe('started')
      expect(await experiments.startExperiment('exp-1', at, entry('x', 'exp-1', 'm'))).toBe(
        'not-draft',
      )
      // A second experiment of the skill cannot start while one runs: refused, nothing logged.
      await experiments.createExperiment(newExperiment('exp-2', 'alpha'))
      expect(await experiments.startExperiment('exp-2', at, entry('x', 'exp-2', 'm'))).toBe(
        'conflict',
      )
      const stop = { from: 'running', to: 'stopped', at } as const
      await expect(
        experiments.transitionExperiment('exp-1', {
          ...stop,
          activity: refused('experiment.stop', 'exp-1'),
        }),
      ).rejects.toThrow(RangeError)
      expect((await experiments.getExperiment('exp-1'))?.status).toBe('running')
      const stopped = entry('experiment.stop', 'exp-1')
      expect(await experiments.transitionExperiment('exp-1', { ...stop, activity: stopped })).toBe(
        true,
      )
      const late = { ...stop, activity: entry('x', 'exp-1', 'm') }
      expect(await experiments.transitionExperiment('exp-1', late)).toBe(false)
      expect(await logged()).toEqual([stopped, started, created])
    })
  })
}
