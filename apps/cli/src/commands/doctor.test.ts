import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from '../../test/cli-harness.js'
import { CliErrorCode } from '../cli-error-codes.js'
import { renderFindings } from './doctor.js'

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.map((cleanup) => cleanup()))
  cleanups = []
})

async function project(files: Record<string, string | Uint8Array>) {
  const dir = await scratch({
    'skillship.json': JSON.stringify({ agents: ['claude-code'], skills: {} }),
    ...files,
  })
  cleanups.push(dir.cleanup)
  // No interpreters, no uv: the run stays on this folder and spawns nothing.
  return { root: dir.root, env: { PATH: join(dir.root, 'no-bin') } }
}

interface DoctorJson {
  ok: boolean
  findings: { check: string; status: string; message: string; fix?: string; path?: string }[]
  errors: unknown[]
}

describe('skillship doctor', () => {
  it('exits 0 with warnings only and prints { ok, findings } as JSON', async () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(validSkillMd('x'))])
    const { root, env } = await project({ '.claude/skills/x/SKILL.md': bom })
    const run = await cli(['doctor', '--json'], root, { env })
    expect(run.code).toBe(0)
    const body = run.json<DoctorJson>()
    expect(body.ok).toBe(true)
    expect(body.errors).toEqual([])
    expect(new Set(body.findings.map((f) => f.check))).toEqual(
      new Set([
        'project',
        'declarations',
        'node',
        'python',
        'pip',
        'permissions',
        'leftovers',
        'links',
        'modified',
        'envs',
        'skill-md',
      ]),
    )
    expect(body.findings).toContainEqual({
      check: 'skill-md',
      status: 'warn',
      message: expect.stringContaining('byte order mark'),
      fix: `skillship lint --fix ${join(root, '.claude/skills/x')}`,
      path: join(root, '.claude/skills/x/SKILL.md'),
      code: 'SKILL_ENCODING_BOM',
    })
  })

  it('exits 1 on an error finding and prints one line per finding with its fix', async () => {
    const { root, env } = await project({ '.claude/skills/x/SKILL.md': validSkillMd('y') })
    const run = await cli(['doctor'], root, { env })
    expect(run.code).toBe(1)
    const lines = run.stdout.trimEnd().split('\n')
    const error = lines.findIndex((line) => line.startsWith('✗ skill-md: '))
    expect(error).toBeGreaterThan(-1)
    expect(lines[error + 1]).toBe(
      `  fix: skillship lint ${join(root, '.claude/skills/x')} (shows every issue; --fix repairs the encoding and layout ones)`,
    )
    expect(lines.some((line) => line.startsWith('✓ node: running Node '))).toBe(true)
    expect(lines.at(-1)).toMatch(/^1 error, \d+ warnings?$/)
    expect((await cli(['doctor', '--json'], root, { env })).json<DoctorJson>().ok).toBe(false)
  })

  it('refuses arguments', async () => {
    const { root, env } = await project({})
    const run = await cli(['doctor', 'extra'], root, { env })
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(CliErrorCode.Usage)
  })
})

describe('renderFindings', () => {
  it('marks ok, warn and error, and puts the fix on the next line', () => {
    expect(
      renderFindings(
        [
          { check: 'node', status: 'ok', message: 'running Node 20.19.0' },
          { check: 'links', status: 'warn', message: 'a broken link', fix: 'skillship sync' },
          { check: 'envs', status: 'error', message: 'env damaged', fix: 'skillship install' },
        ],
        false,
      ),
    ).toEqual([
      '✓ node: running Node 20.19.0',
      '! links: a broken link',
      '  fix: skillship sync',
      '✗ envs: env damaged',
      '  fix: skillship install',
      '1 error, 1 warning',
    ])
  })
})
