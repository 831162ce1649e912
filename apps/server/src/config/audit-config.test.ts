import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { rulePack } from '@skillship/audit'
import { isSkillshipError } from '@skillship/core'
import { RegistryErrorCode, ServeErrorCode } from '@skillship/registry-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseAuditConfig } from './audit-config.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-audit-config-'))
  await writeFile(join(dir, 'policy.json'), JSON.stringify({ preset: 'strict', allow: [] }))
  await writeFile(join(dir, 'bad-policy.json'), JSON.stringify({ preset: 'lenient' }))
  await writeFile(join(dir, 'rules.json'), JSON.stringify({ overrides: {} }))
  await writeFile(join(dir, 'bad-rules.json'), JSON.stringify({ rules: [{ id: 'x' }] }))
  await writeFile(join(dir, 'not-json.json'), '{')
})
afterAll(() => rm(dir, { recursive: true, force: true }))

function refusal(env: Record<string, string>): string | undefined {
  try {
    parseAuditConfig(env, dir)
    return undefined
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not coded'
  }
}

describe('parseAuditConfig', () => {
  it('defaults to the default preset, the shipped pack, one worker and 16 waiting', () => {
    expect(parseAuditConfig({}, dir)).toEqual({
      policy: { preset: 'default', allow: [] },
      pack: rulePack,
      workers: 1,
      queue: 16,
    })
  })

  it('reads a preset, a policy file, site rules and the pool bounds', () => {
    const config = parseAuditConfig(
      {
        SKILLSHIP_AUDIT_POLICY: 'policy.json',
        SKILLSHIP_AUDIT_RULES: join(dir, 'rules.json'),
        SKILLSHIP_AUDIT_WORKERS: '3',
        SKILLSHIP_AUDIT_QUEUE: '0',
      },
      dir,
    )
    expect(config.policy.preset).toBe('strict')
    expect(config.pack.version).toMatch(/\+site\./)
    expect([config.workers, config.queue]).toEqual([3, 0])
    expect(parseAuditConfig({ SKILLSHIP_AUDIT_POLICY: 'permissive' }, dir).policy.preset).toBe(
      'permissive',
    )
  })

  it.each([
    ['an unknown preset in a policy file', { SKILLSHIP_AUDIT_POLICY: 'bad-policy.json' }],
    ['a missing policy file', { SKILLSHIP_AUDIT_POLICY: 'nope.json' }],
    ['a policy file that is not JSON', { SKILLSHIP_AUDIT_POLICY: 'not-json.json' }],
    ['invalid site rules', { SKILLSHIP_AUDIT_RULES: 'bad-rules.json' }],
  ])('refuses %s with REGISTRY_CONFIG_INVALID', (_what, env) => {
    expect(refusal(env)).toBe(RegistryErrorCode.ConfigInvalid)
  })

  it.each([
    ['zero workers', { SKILLSHIP_AUDIT_WORKERS: '0' }],
    ['a queue that is not a number', { SKILLSHIP_AUDIT_QUEUE: 'many' }],
  ])('refuses %s with SERVE_CONFIG_INVALID', (_what, env) => {
    expect(refusal(env)).toBe(ServeErrorCode.ConfigInvalid)
  })
})
