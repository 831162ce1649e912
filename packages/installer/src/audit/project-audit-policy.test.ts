import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AuditErrorCode } from '@skillship/audit'
import { computeIntegrity } from '@skillship/core/integrity'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { parseManifest } from '../manifest/manifest.js'
import { projectAuditPolicy } from './project-audit-policy.js'

let root: string
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-policy-'))
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const digest = computeIntegrity(new Uint8Array([7]))
const entry = { rule: 'SKA-RCE-001', skill: 'evil', integrity: digest, reason: 'reviewed' }
const manifest = (audit: unknown) =>
  parseManifest(JSON.stringify({ skills: {}, audit }), 'skillship.json')

describe("skillship.json's audit section", () => {
  it('reads a preset and allow entries, and defaults to the default preset', async () => {
    expect(manifest({ policy: 'strict', allow: [entry] }).audit).toEqual({
      policy: 'strict',
      allow: [entry],
    })
    expect(await projectAuditPolicy(root, manifest({ allow: [entry] }).audit)).toEqual({
      preset: 'default',
      allow: [entry],
    })
    expect(await projectAuditPolicy(root, undefined)).toEqual({ preset: 'default', allow: [] })
  })

  it.each([
    ['an unknown key', { polcy: 'strict' }, 'audit.polcy'],
    ['an unknown preset word', { policy: 'lenient' }, 'audit.policy'],
    ['an absolute policy path', { policy: '/etc/policy.json' }, 'audit.policy'],
    ['a climbing policy path', { policy: '../policy.json' }, 'audit.policy'],
    ['allow not an array', { allow: {} }, 'audit.allow'],
    [
      'an entry without reason',
      { allow: [{ ...entry, reason: undefined }] },
      'audit.allow[0].reason',
    ],
    ['a blank reason', { allow: [{ ...entry, reason: '  ' }] }, 'audit.allow[0].reason'],
    ['an entry with an extra key', { allow: [{ ...entry, note: 'x' }] }, 'audit.allow[0].note'],
    ['a bad rule id', { allow: [{ ...entry, rule: 'all' }] }, 'audit.allow[0].rule'],
    ['a bad skill name', { allow: [{ ...entry, skill: '../x' }] }, 'audit.allow[0].skill'],
    [
      'an integrity that is no digest',
      { allow: [{ ...entry, integrity: '*' }] },
      'audit.allow[0].integrity',
    ],
    ['a repeated entry', { allow: [entry, entry] }, 'audit.allow[1]'],
    ['too many entries', { allow: Array.from({ length: 1001 }, () => entry) }, 'audit.allow'],
  ])('refuses %s with INSTALL_MANIFEST_INVALID naming the field', (_, audit, field) => {
    expect(() => manifest(audit)).toThrowError(
      expect.objectContaining({ code: InstallErrorCode.ManifestInvalid, details: { field } }),
    )
  })

  it("reads a policy file in the project, its allow entries before the section's", async () => {
    const own = { ...entry, rule: 'SKA-DEP-011' }
    await mkdir(join(root, 'config'))
    await writeFile(
      join(root, 'config', 'audit.json'),
      JSON.stringify({ preset: 'strict', allow: [own] }),
    )
    const audit = manifest({ policy: 'config/audit.json', allow: [entry] }).audit
    expect(await projectAuditPolicy(root, audit)).toEqual({ preset: 'strict', allow: [own, entry] })
  })

  it('refuses a policy file outside the project (through a link), missing, invalid or too large', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'skillship-outside-'))
    try {
      await writeFile(join(outside, 'p.json'), JSON.stringify({ preset: 'permissive' }))
      await symlink(join(outside, 'p.json'), join(root, 'linked.json'))
      await writeFile(join(root, 'bad.json'), '{')
      await writeFile(
        join(root, 'shape.json'),
        JSON.stringify({ preset: 'strict', allow: [{ rule: 'SKA-RCE-001' }] }),
      )
      await writeFile(join(root, 'big.json'), ' '.repeat(1024 * 1024 + 1))
      for (const policy of ['linked.json', 'missing.json', 'bad.json', 'shape.json', 'big.json']) {
        await expect(projectAuditPolicy(root, { policy, allow: [] })).rejects.toMatchObject({
          code: AuditErrorCode.PolicyInvalid,
        })
      }
    } finally {
      await rm(outside, { recursive: true, force: true })
    }
  })
})
