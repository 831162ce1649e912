import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallerOptions } from '../project/project.js'
import { linksCheck } from './check-links.js'
import { projectCheck } from './check-project.js'
import type { DoctorCheck } from './doctor-check.js'
import { finding } from './finding.js'
import { runDoctor } from './run-doctor.js'

let root = ''
let options: InstallerOptions
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-doctor-run-'))
  await mkdir(join(root, 'project'))
  options = {
    projectRoot: join(root, 'project'),
    scope: 'project',
    home: join(root, 'home'),
    env: { PATH: join(root, 'empty-path') },
    storeRoot: join(root, 'store'),
    envsRoot: join(root, 'envs'),
    skillshipHome: join(root, 'home/.skillship'),
    registry: 'http://127.0.0.1:9',
    clientFor: () => {
      throw new Error('no registry')
    },
  }
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const check = (name: string, run: DoctorCheck['run']): DoctorCheck => ({ name, run })

describe('runDoctor', () => {
  it('keeps check order and is ok without error findings', async () => {
    const report = await runDoctor(options, {
      checks: [
        check('b', async () => [finding('b', 'warn', 'careful')]),
        check('a', async () => [finding('a', 'ok', 'fine')]),
      ],
    })
    expect(report).toEqual({
      ok: true,
      findings: [
        { check: 'b', status: 'warn', message: 'careful' },
        { check: 'a', status: 'ok', message: 'fine' },
      ],
    })
  })

  it('turns a throwing check into an error finding naming it, code and message included', async () => {
    const report = await runDoctor(options, {
      checks: [
        check('boom', async () => {
          throw new SkillshipError(InstallErrorCode.StoreCorrupt, 'the store is odd', {
            hint: 'look',
            path: '/s',
          })
        }),
        check('bug', async () => {
          throw new TypeError('x is undefined')
        }),
      ],
    })
    expect(report.ok).toBe(false)
    expect(report.findings).toEqual([
      {
        check: 'boom',
        status: 'error',
        message: 'the check failed: INSTALL_STORE_CORRUPT: the store is odd',
        fix: 'look',
        path: '/s',
        code: InstallErrorCode.StoreCorrupt,
      },
      { check: 'bug', status: 'error', message: 'the check failed: TypeError: x is undefined' },
    ])
  })

  it('reports an unreadable skillship.json once, under project; checks needing it say not checked', async () => {
    await writeFile(join(root, 'project/skillship.json'), '{ "agents": [] }')
    const report = await runDoctor(options, { checks: [projectCheck, linksCheck] })
    expect(report.ok).toBe(false)
    const errors = report.findings.filter((f) => f.status === 'error')
    expect(errors).toEqual([
      expect.objectContaining({ check: 'project', code: InstallErrorCode.ManifestInvalid }),
      expect.objectContaining({ check: 'project', code: InstallErrorCode.ManifestInvalid }),
    ])
    expect(report.findings.at(-1)).toEqual({
      check: 'links',
      status: 'warn',
      message: expect.stringMatching(/^not checked: INSTALL_MANIFEST_INVALID: /),
    })
  })
})
