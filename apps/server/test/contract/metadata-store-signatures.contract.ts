import type { RegistrySignature } from '@skillship/registry-client'
import { expect, it } from 'vitest'
import { versionAudit } from './metadata-store-audits.contract.js'
import type { Context } from './metadata-store-fixture.js'
import { clockTick, newVersion } from './new-version.js'

const signature = (mark: string): RegistrySignature => ({
  keyId: `sha256:${'c'.repeat(64)}`,
  sig: `${mark}==`,
  signedAt: '2026-12-07T12:00:00.000Z',
})

/** The registry-signature part of the MetadataStore contract (issue 18: re-sign, backfill). */
export function describeRegistrySignatures(context: Context): void {
  it('replaces the registry signatures together with a re-audit', async () => {
    const { store } = context()
    await store.insertVersion(
      newVersion('alpha', '1.0.0', {
        audit: versionAudit('pass'),
        registrySignatures: [signature('old')],
      }),
    )
    const next = versionAudit('warn', '2027.1.0')
    expect(await store.setVersionAudit('alpha', '1.0.0', next, [signature('new')])).toBe(true)
    const record = await store.getVersion('alpha', '1.0.0')
    expect(record?.registrySignatures).toEqual([signature('new')])
    expect(record?.audit?.rulePack).toBe('2027.1.0')
    // A re-audit without a keyring drops the signatures over the old verdict.
    expect(await store.setVersionAudit('alpha', '1.0.0', next, [])).toBe(true)
    expect((await store.getVersion('alpha', '1.0.0'))?.registrySignatures).toEqual([])
  })

  it('backfills an unsigned version once, only while its audit is the one signed', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('alpha', '1.0.0', { audit: versionAudit('pass') }))
    await store.insertVersion(newVersion('alpha', '1.1.0'))
    const before = (await store.getSkill('alpha'))?.updatedAt.getTime() ?? 0
    await clockTick()
    const covered = { verdict: 'pass', rulePack: '2026.1.0' }
    // Signed over another verdict than the stored one (a re-audit came in between): refused.
    const stale = { verdict: 'pass', rulePack: '2025.1.0' }
    expect(await store.addRegistrySignatures('alpha', '1.0.0', [signature('a')], stale)).toBe(false)
    expect(await store.addRegistrySignatures('alpha', '1.0.0', [signature('a')], covered)).toBe(
      true,
    )
    expect(await store.addRegistrySignatures('alpha', '1.0.0', [signature('b')], covered)).toBe(
      false,
    )
    expect((await store.getVersion('alpha', '1.0.0'))?.registrySignatures).toEqual([signature('a')])
    expect(await store.addRegistrySignatures('alpha', '1.1.0', [signature('c')], covered)).toBe(
      false,
    )
    expect(await store.addRegistrySignatures('alpha', '1.1.0', [signature('c')], null)).toBe(true)
    expect((await store.getVersion('alpha', '1.1.0'))?.registrySignatures).toEqual([signature('c')])
    expect(await store.addRegistrySignatures('alpha', '9.9.9', [signature('d')], null)).toBe(false)
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThan(before)
  })
}
