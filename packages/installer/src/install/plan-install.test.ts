import { describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import { planInstall } from './plan-install.js'

const locked = (spec: string, version = '1.0.0'): LockedSkill => ({
  spec,
  version,
  source: { type: 'registry', registry: 'http://r', name: 'x', version },
  integrity: `sha512-${'A'.repeat(86)}==`,
  files: [],
})
const lock = (skills: Record<string, LockedSkill>): Lockfile => ({ lockfileVersion: 4, skills })
const manifest = (skills: Record<string, string>) => ({ agents: ['qoder'], skills })

describe('planInstall', () => {
  it('installs locked skills as locked and resolves new or changed specs', () => {
    const plan = planInstall(
      manifest({ a: '^1', b: '^2', c: '^1' }),
      lock({ a: locked('^1'), b: locked('^1') }),
    )
    expect(plan.skills.map((s) => [s.name, s.action])).toEqual([
      ['a', 'locked'],
      ['b', 'resolve'],
      ['c', 'resolve'],
    ])
    expect(plan.removed).toEqual([])
  })

  it('lists locked skills the manifest dropped', () => {
    expect(planInstall(manifest({}), lock({ old: locked('^1') })).removed).toEqual(['old'])
  })

  it.each([
    ['a new skill', manifest({ a: '^1', b: '^1' }), lock({ a: locked('^1') })],
    ['a changed spec', manifest({ a: '^2' }), lock({ a: locked('^1') })],
    ['a dropped skill', manifest({}), lock({ a: locked('^1') })],
    ['no lockfile at all', manifest({ a: '^1' }), undefined],
  ])('refuses drift when frozen: %s', (_label, m, l) => {
    expect(() => planInstall(m, l, { frozen: true })).toThrowError(
      expect.objectContaining({ code: InstallErrorCode.LockfileOutOfDate }),
    )
  })

  it('accepts a matching lockfile when frozen', () => {
    expect(
      planInstall(manifest({ a: '^1' }), lock({ a: locked('^1') }), { frozen: true }).skills[0]
        ?.action,
    ).toBe('locked')
  })

  it('resolves named skills again on update', () => {
    const plan = planInstall(
      manifest({ a: '^1', b: '^1' }),
      lock({ a: locked('^1'), b: locked('^1') }),
      { update: ['b'] },
    )
    expect(plan.skills.map((s) => s.action)).toEqual(['locked', 'resolve'])
  })
})

describe('planInstall with the manifest origin', () => {
  const swapped: LockedSkill = {
    ...locked('^1'),
    source: { type: 'registry', registry: 'http://other', name: 'a', version: '1.0.0' },
  }
  const origin = { registry: 'http://r/', cwd: '/p' }

  it('keeps a lock entry from the manifest registry', () => {
    const ours = { ...swapped, source: { ...swapped.source, registry: 'http://r' } }
    const plan = planInstall(manifest({ a: '^1' }), lock({ a: ours }), { frozen: true, origin })
    expect(plan.skills[0]?.action).toBe('locked')
  })

  it('resolves again from skillship.json when the lock names another registry', () => {
    const plan = planInstall(manifest({ a: '^1' }), lock({ a: swapped }), { origin })
    expect(plan.skills[0]).toMatchObject({ action: 'resolve', previous: undefined })
  })

  it('refuses it with --frozen (INSTALL_LOCK_SOURCE_MISMATCH)', () => {
    expect(() =>
      planInstall(manifest({ a: '^1' }), lock({ a: swapped }), { frozen: true, origin }),
    ).toThrowError(expect.objectContaining({ code: InstallErrorCode.LockSourceMismatch }))
  })
})
