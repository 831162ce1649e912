import { readFileSync } from 'node:fs'
import { auditSkill, rulePack } from '@skillship/audit'
import { applySiteRules } from '@skillship/audit/node'
import { isSkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { corpusFiles } from '../../test/audit/corpus-skills.js'
import { createAuditPool } from './audit-pool.js'
import type { SkillAuditor } from './skill-auditor.js'

const cases = [
  ['malicious', 'remote-exec--wget-sh-script'],
  ['malicious', 'credential-access--cat-ssh-key'],
  ['benign', 'documented-api--deploy-documented-api'],
  ['benign', 'security-teaching--injection-defence-teacher'],
] as const

describe('the audit worker pool', () => {
  let pool: SkillAuditor | undefined
  afterEach(async () => {
    await pool?.close()
    pool = undefined
  })

  it('gives the same report on a worker thread as in process', async () => {
    pool = createAuditPool({ pack: rulePack, workers: 2, queue: 8 })
    const reports = await Promise.all(
      cases.map(([label, id]) => (pool as SkillAuditor).audit(id, corpusFiles(label, id))),
    )
    for (const [i, [label, id]] of cases.entries()) {
      expect(reports[i]).toEqual(auditSkill(corpusFiles(label, id), { skill: id, pack: rulePack }))
    }
    expect(reports[0]?.findings.length).toBeGreaterThan(0)
  })

  it('runs the site rules it was started with', async () => {
    const file = new URL(
      '../../../../packages/audit/test/site-rules/retired-deploy-api.json',
      import.meta.url,
    )
    const pack = applySiteRules(rulePack, JSON.parse(readFileSync(file, 'utf8')))
    pool = createAuditPool({ pack, workers: 1, queue: 0 })
    const id = 'documented-api--deploy-documented-api'
    const report = await pool.audit(id, corpusFiles('benign', id))
    expect(report.rulePackVersion).toBe(pack.version)
    expect(report.findings.map((f) => f.rule)).toContain('SITE-ORG-001')
  })

  it('refuses at once with SERVE_BUSY when every worker is busy and the queue is full', async () => {
    pool = createAuditPool({ pack: rulePack, workers: 1, queue: 1 })
    const files = corpusFiles('benign', 'documented-api--deploy-documented-api')
    const running = pool.audit('a', files)
    const queued = pool.audit('b', files)
    const refused = await pool.audit('c', files).catch((error: unknown) => error)
    expect(isSkillshipError(refused) && refused.code).toBe(ServeErrorCode.Busy)
    await expect(running).resolves.toMatchObject({ skill: 'a' })
    await expect(queued).resolves.toMatchObject({ skill: 'b' })
  })
})
