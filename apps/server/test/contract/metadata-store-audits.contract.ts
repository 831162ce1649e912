import { expect, it } from 'vitest'
import type { VersionAudit } from '../../src/storage/metadata-store.js'
import type { Context } from './metadata-store-fixture.js'
import { newVersion } from './new-version.js'

/** A stored audit for tests: `verdict` under `rulePack`, one finding. */
export function versionAudit(
  verdict: VersionAudit['verdict'],
  rulePack = '2026.1.0',
  auditedAt = new Date('2024-02-03T04:05:06.789Z'),
): VersionAudit {
  return {
    verdict,
    rulePack,
    findings: { critical: verdict === 'block' ? 1 : 0, high: 0, medium: 1, low: 0, info: 0 },
    incomplete: false,
    auditedAt,
    report: {
      policy: 'default',
      incompleteReasons: [],
      findingsTotal: 1,
      findings: [
        {
          rule: 'SKA-RCE-001',
          category: 'remote-exec',
          severity: 'critical',
          confidence: 'high',
          path: 'scripts/ü.sh',
          line: 3,
          message: 'curl | sh "quoted" \\ 🚀',
          action: verdict,
        },
      ],
      manifest: {
        capabilities: { 'network-egress': { details: ['a.example.invalid'], files: ['x.sh'] } },
        hosts: ['a.example.invalid'],
      },
    },
  }
}

/** The audit part of the MetadataStore contract (issue 17: the registry's publish and re-audit gates). */
export function describeAudits(context: Context): void {
  it('stores the publish audit with the version: summary on the record, report apart', async () => {
    const { store } = context()
    const audit = versionAudit('warn')
    await store.insertVersion(newVersion('alpha', '1.0.0', { audit }))
    await store.insertVersion(newVersion('alpha', '1.1.0'))
    const { report, ...summary } = audit
    expect(await store.countBlockedVersions()).toBe(0)
    expect((await store.getVersion('alpha', '1.0.0'))?.audit).toEqual(summary)
    expect((await store.listVersions('alpha')).map((v) => v.audit)).toEqual([summary, null])
    expect(await store.getVersionAudit('alpha', '1.0.0')).toEqual(audit)
    expect(await store.getVersionAudit('alpha', '1.1.0')).toBeUndefined()
    expect(await store.getVersionAudit('alpha', '9.9.9')).toBeUndefined()
  })

  it('stores no audit when the version already exists', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('alpha', '1.0.0', { audit: versionAudit('pass') }))
    const again = newVersion('alpha', '1.0.0', { audit: versionAudit('warn', '2099.1.1') })
    expect(await store.insertVersion(again)).toBe('exists')
    expect((await store.getVersionAudit('alpha', '1.0.0'))?.rulePack).toBe('2026.1.0')
  })

  it('replaces an audit on re-audit and bumps updatedAt; false for a missing version', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('alpha', '1.0.0', { audit: versionAudit('pass') }))
    const before = (await store.getSkill('alpha'))?.updatedAt.getTime() ?? 0
    const next = versionAudit('warn', '2027.1.0', new Date('2025-01-01T00:00:00.000Z'))
    expect(await store.setVersionAudit('alpha', '1.0.0', next, [])).toBe(true)
    expect(await store.getVersionAudit('alpha', '1.0.0')).toEqual(next)
    expect((await store.getSkill('alpha'))?.updatedAt.getTime()).toBeGreaterThanOrEqual(before)
    expect(await store.setVersionAudit('alpha', '2.0.0', next, [])).toBe(false)
    expect(await store.setVersionAudit('nope', '1.0.0', next, [])).toBe(false)
    expect(await store.getVersionAudit('alpha', '2.0.0')).toBeUndefined()
  })

  it('moves latest off a version a re-audit blocks, past yanked and blocked ones', async () => {
    const { store } = context()
    for (const v of ['1.0.0', '1.1.0', '1.2.0', '1.3.0']) {
      await store.insertVersion(newVersion('alpha', v, { audit: versionAudit('pass') }))
    }
    await store.updateVersion('alpha', '1.2.0', { yanked: true })
    await store.setVersionAudit('alpha', '1.1.0', versionAudit('block', '2027.1.0'), [])
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.3.0')
    await store.setVersionAudit('alpha', '1.3.0', versionAudit('block', '2027.1.0'), [])
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
    expect((await store.getSkill('alpha'))?.description).toBe('alpha 1.0.0')
    expect(await store.countBlockedVersions()).toBe(2)
    // A yank of the version latest now points at skips the blocked ones too: nothing left, it stays.
    await store.updateVersion('alpha', '1.0.0', { yanked: true })
    expect((await store.getDistTags('alpha'))['latest']).toBe('1.0.0')
  })

  it('keeps latest when a blocked version is the only one', async () => {
    const { store } = context()
    await store.insertVersion(newVersion('solo', '1.0.0', { audit: versionAudit('pass') }))
    await store.setVersionAudit('solo', '1.0.0', versionAudit('block', '2027.1.0'), [])
    expect(await store.getDistTags('solo')).toEqual({ latest: '1.0.0' })
    expect((await store.getVersion('solo', '1.0.0'))?.audit?.verdict).toBe('block')
  })
}
