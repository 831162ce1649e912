import { chown, mkdir, mkdtemp, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SkillErrorCode } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import { writeRuntimeState } from '../install/prepare-runtimes.js'
import { writeLockfile } from '../lockfile/lockfile.js'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import type { InstallerOptions } from '../project/project.js'
import type { InstalledRecord } from '../state/installed-state.js'
import { writeInstalledState } from '../state/installed-state.js'
import { stagingPrefix } from '../store/stage-store-entry.js'
import { declarationsCheck } from './check-declarations.js'
import { envsCheck } from './check-envs.js'
import { leftoversCheck } from './check-leftovers.js'
import { linksCheck } from './check-links.js'
import { nodeCheck } from './check-node.js'
import { permissionsCheck } from './check-permissions.js'
import { pipConfigCheck } from './check-pip-config.js'
import { pythonCheck } from './check-python.js'
import { skillMdCheck } from './check-skill-md.js'
import type { DoctorCheck } from './doctor-check.js'
import type { Finding } from './finding.js'
import { runDoctor } from './run-doctor.js'

// Above Linux's pid_max (2^22): never a live process.
const deadPid = 4_194_399
const isRoot = process.getuid?.() === 0
const integrity = `sha512-${'A'.repeat(86)}==`

let root = ''
let project = ''
let options: InstallerOptions
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-doctor-'))
  project = join(root, 'project')
  await mkdir(project)
  options = {
    projectRoot: project,
    scope: 'project',
    home: join(root, 'home'),
    env: { PATH: join(root, 'empty-path') },
    storeRoot: join(root, 'home/.skillship/store'),
    envsRoot: join(root, 'home/.skillship/envs'),
    skillshipHome: join(root, 'home/.skillship'),
    registry: 'http://127.0.0.1:9',
    clientFor: () => {
      throw new Error('the doctor never talks to a registry')
    },
  }
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function files(entries: Record<string, string | Uint8Array>): Promise<void> {
  for (const [path, content] of Object.entries(entries)) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), content)
  }
}

async function manifest(agents: string[]): Promise<void> {
  await files({ 'project/skillship.json': JSON.stringify({ agents, skills: {} }) })
}

function skillMd(name: string): string {
  return `---\nname: ${name}\ndescription: Does ${name} things. Use when ${name} is needed.\n---\n# ${name}\n`
}

async function placed(
  name: string,
  agent = 'qoder',
  dir = '.qoder/skills',
): Promise<InstalledRecord> {
  const path = join(project, dir, name)
  return { agent, name, path, integrity, method: 'folder' }
}

async function findings(
  check: DoctorCheck,
  extra: Partial<InstallerOptions> = {},
): Promise<Finding[]> {
  return (await runDoctor({ ...options, ...extra }, { checks: [check], nodeVersion: '20.19.0' }))
    .findings
}

function statuses(found: readonly Finding[]): string[] {
  return found.map((f) => `${f.status} ${f.code ?? ''}`.trim())
}

describe('skill-md check', () => {
  it('warns about a BOM, errs on invalid frontmatter, warns on a folder without SKILL.md', async () => {
    await manifest(['claude-code'])
    await files({
      'project/.claude/skills/bom/SKILL.md': Buffer.concat([
        Buffer.from([0xef, 0xbb, 0xbf]),
        Buffer.from(skillMd('bom')),
      ]),
      'project/.claude/skills/fine/SKILL.md': skillMd('fine'),
      'project/.claude/skills/wrong/SKILL.md': skillMd('not-wrong'),
      'project/.claude/skills/empty/notes.txt': 'no skill here',
      'project/.claude/skills/.hidden/SKILL.md': 'ignored: agents skip hidden folders',
    })
    const found = await findings(skillMdCheck)
    const bomDir = join(project, '.claude/skills/bom')
    expect(found).toContainEqual({
      check: 'skill-md',
      status: 'warn',
      message: expect.stringContaining('byte order mark'),
      fix: `skillship lint --fix ${bomDir}`,
      path: join(bomDir, 'SKILL.md'),
      code: SkillErrorCode.EncodingBom,
    })
    expect(found).toContainEqual(
      expect.objectContaining({
        status: 'error',
        path: join(project, '.claude/skills/wrong/SKILL.md'),
      }),
    )
    expect(found).toContainEqual(
      expect.objectContaining({
        status: 'warn',
        message: expect.stringContaining('has no SKILL.md'),
      }),
    )
    expect(found).toContainEqual(
      expect.objectContaining({ status: 'ok', message: expect.stringMatching(/^1 skill in /) }),
    )
    expect(found.filter((f) => f.status !== 'ok')).toHaveLength(3)
  })

  it('reads a skill reached through several agent folders once', async () => {
    await manifest(['codex', 'cursor'])
    await files({ 'project/.agents/skills/one/SKILL.md': `\ufeff${skillMd('one')}` })
    await mkdir(join(project, '.cursor/skills'), { recursive: true })
    await symlink('../../.agents/skills/one', join(project, '.cursor/skills/one'))
    expect(statuses(await findings(skillMdCheck))).toEqual([`warn ${SkillErrorCode.EncodingBom}`])
  })
})

describe('skill-md check of a shared folder', () => {
  it('holds a skill in .agents/skills to the rules of every agent reading it', async () => {
    // Cursor accepts a long metadata.short-description; Codex, also served from here, drops it.
    await manifest(['cursor', 'codex'])
    const long = 'x'.repeat(600)
    await files({
      'project/.agents/skills/one/SKILL.md': skillMd('one').replace(
        '---\n#',
        `metadata:\n  short-description: ${long}\n---\n#`,
      ),
    })
    expect(statuses(await findings(skillMdCheck))).toEqual([
      `error ${SkillErrorCode.ShortDescriptionTooLong}`,
    ])
  })
})

describe('links check', () => {
  it('errs on a dangling link skillship placed, warns on a foreign one, errs on a vanished placement', async () => {
    await manifest(['qoder'])
    await mkdir(join(project, '.qoder/skills'), { recursive: true })
    await symlink('../../.agents/skills/ours', join(project, '.qoder/skills/ours'))
    await symlink('/nowhere/at/all', join(project, '.qoder/skills/theirs'))
    await writeInstalledState(join(project, '.skillship/installed.json'), {
      version: 1,
      skills: [{ ...(await placed('ours')), method: 'symlink' }, await placed('gone')],
    })
    const found = await findings(linksCheck)
    expect(found.map((f) => [f.status, f.path])).toEqual([
      ['error', join(project, '.qoder/skills/ours')],
      ['warn', join(project, '.qoder/skills/theirs')],
      ['error', join(project, '.qoder/skills/gone')],
    ])
    expect(found.every((f) => f.fix === 'skillship sync')).toBe(true)
    expect(found[1]?.message).toBe(
      `skill theirs is a broken link: ${join(project, '.qoder/skills/theirs')} -> /nowhere/at/all`,
    )
  })

  it('is ok without broken links', async () => {
    expect(statuses(await findings(linksCheck))).toEqual(['ok'])
  })
})

describe('leftovers check', () => {
  it('reports entries of dead processes and old ones, never those of live processes', async () => {
    await manifest(['qoder'])
    const host = stagingPrefix().split('.')[1]
    await files({
      [`project/.qoder/.skillship-staging/${deadPid}-0123456789ab/pdf/SKILL.md`]: 'half',
      [`project/.qoder/.skillship-staging/${process.pid}-0123456789ab/x`]: 'live',
      'project/.qoder/.skillship-staging/.gitignore': '*\n',
      [`home/.skillship/store/tmp/${deadPid}.${host}.abc/skill/x`]: 'half',
      [`home/.skillship/envs/.staging-${'a'.repeat(32)}-${deadPid}-0123456789ab/x`]: 'half',
      [`home/.skillship/envs/.staging-${'b'.repeat(32)}-0123456789ab/x`]: 'node build, fresh',
      [`home/.skillship/envs/.trash-${'c'.repeat(32)}-0123456789ab/x`]: 'old trash',
      [`home/.skillship/envs/${'d'.repeat(32)}/x`]: 'a real env',
    })
    const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000)
    await utimes(
      join(root, `home/.skillship/envs/.trash-${'c'.repeat(32)}-0123456789ab`),
      twoDaysAgo,
      twoDaysAgo,
    )
    const found = await findings(leftoversCheck)
    expect(found.map((f) => [f.status, f.path, f.message.split(' ')[0]])).toEqual([
      ['warn', join(project, '.qoder/.skillship-staging'), '1'],
      ['warn', join(root, 'home/.skillship/store/tmp'), '1'],
      ['warn', join(root, 'home/.skillship/envs'), '2'],
    ])
    expect(found[0]?.fix).toBe(
      `\`skillship install\` sweeps them when it next writes there; or now: rm -rf ${join(project, `.qoder/.skillship-staging/${deadPid}-0123456789ab`)}`,
    )
  })

  it('is ok when nothing was left', async () => {
    expect(statuses(await findings(leftoversCheck))).toEqual(['ok'])
  })
})

describe('permissions check', () => {
  it('reports every folder an install writes, writable ones as ok', async () => {
    await manifest(['qoder', 'codex'])
    const found = await runDoctor(options, { checks: [permissionsCheck], uid: process.getuid?.() })
    // qoder, the shared .agents/skills, the store and the envs folder.
    expect(found.findings).toHaveLength(4)
    expect(found.findings.every((f) => f.status === (isRoot ? 'warn' : 'ok'))).toBe(true)
  })

  it('names a file in the way as INSTALL_NOT_WRITABLE with the fix', async () => {
    await files({ 'home/.skillship': 'a file' })
    const found = await findings(permissionsCheck)
    expect(found.filter((f) => f.status === 'error').map((f) => f.code)).toEqual([
      InstallErrorCode.NotWritable,
      InstallErrorCode.NotWritable,
    ])
    expect(found.find((f) => f.status === 'error')?.fix).toContain('Move')
  })

  it('reports folders of another user as INSTALL_FOREIGN_OWNER', async () => {
    await mkdir(join(project, '.qoder/skills'), { recursive: true })
    const found = await runDoctor(options, { checks: [permissionsCheck], uid: 4242 })
    const foreign = found.findings.find((f) => f.path === join(project, '.qoder/skills'))
    expect(foreign).toMatchObject({ status: 'error', code: InstallErrorCode.ForeignOwner })
    expect(foreign?.fix).toContain(`sudo chown -R 4242 ${join(project, '.qoder/skills')}`)
  })

  it.skipIf(!isRoot)('refuses root in a folder that belongs to another user', async () => {
    await chown(project, 65534, 65534)
    const found = await runDoctor(options, { checks: [permissionsCheck], uid: 0 })
    expect(found.findings[0]).toMatchObject({ status: 'error', code: InstallErrorCode.RootRefused })
    expect(found.findings[0]?.fix).toContain('--allow-root')
  })
})

describe('envs check', () => {
  it('errs on a corrupt or missing env, warns on a locked skill without one', async () => {
    const pythonEnv = join(options.envsRoot, 'e'.repeat(32))
    const nodeEnv = join(options.envsRoot, 'f'.repeat(32))
    await files({ [`home/.skillship/envs/${'e'.repeat(32)}/skillship-env.json`]: '{ not json' })
    await writeRuntimeState(join(project, '.skillship/runtimes.json'), {
      version: 1,
      skills: {
        pdf: { integrity, python: { key: 'e'.repeat(32), path: pythonEnv, interpreter: '3.11.7' } },
        csv: { integrity, node: { key: 'f'.repeat(32), path: nodeEnv } },
      },
    })
    const locked = (name: string, runtime: LockedSkill['runtime']): LockedSkill => ({
      spec: '^1.0.0',
      version: '1.0.0',
      source: { type: 'registry', registry: 'http://127.0.0.1:9', name, version: '1.0.0' },
      integrity,
      files: [],
      ...(runtime === undefined ? {} : { runtime }),
    })
    await writeLockfile(join(project, 'skillship.lock'), {
      lockfileVersion: 4,
      skills: {
        pdf: locked('pdf', { python: { requirements: ['pypdf'], packages: [] } }),
        xlsx: locked('xlsx', { python: { requirements: ['openpyxl'], packages: [] } }),
        plain: locked('plain', undefined),
      },
    })
    const found = await findings(envsCheck)
    expect(found.map((f) => [f.status, f.code ?? '', f.fix])).toEqual([
      ['error', RuntimeErrorCode.EnvMissing, 'skillship install'],
      ['error', RuntimeErrorCode.EnvCorrupt, 'skillship install'],
      ['warn', '', 'skillship install'],
    ])
    expect(found[2]?.message).toBe(
      'skill xlsx: env missing (its Python dependencies are not installed here)',
    )
  })

  it('still checks the recorded environments when skillship.lock cannot be read', async () => {
    const envPath = join(options.envsRoot, 'e'.repeat(32))
    await writeRuntimeState(join(project, '.skillship/runtimes.json'), {
      version: 1,
      skills: {
        pdf: { integrity, python: { key: 'e'.repeat(32), path: envPath, interpreter: '3.11.7' } },
      },
    })
    await files({ 'project/skillship.lock': '{ "lockfileVersion": 99, "skills": {} }' })
    const found = await findings(envsCheck)
    expect(found.map((f) => [f.status, f.code ?? ''])).toEqual([
      ['error', RuntimeErrorCode.EnvMissing],
      ['warn', ''],
    ])
    expect(found[1]?.message).toMatch(/^not checked: INSTALL_LOCKFILE_TOO_NEW: /)
  })

  it('is ok when no skill needs an environment', async () => {
    expect(statuses(await findings(envsCheck))).toEqual(['ok'])
  })
})

describe('node, python and declarations checks', () => {
  async function installSkills(skills: Record<string, Record<string, string>>): Promise<void> {
    const records: InstalledRecord[] = []
    for (const [name, content] of Object.entries(skills)) {
      await files(
        Object.fromEntries(
          Object.entries({ 'SKILL.md': skillMd(name), ...content }).map(([file, text]) => [
            `project/.qoder/skills/${name}/${file}`,
            text,
          ]),
        ),
      )
      records.push(await placed(name))
    }
    await writeInstalledState(join(project, '.skillship/installed.json'), {
      version: 1,
      skills: records,
    })
  }

  it('checks engines.node against the running Node', async () => {
    const packageJson = (engines: string) =>
      JSON.stringify({
        name: 'x',
        dependencies: { 'is-number': '^7.0.0' },
        engines: { node: engines },
      })
    await installSkills({
      old: { 'package.json': packageJson('>=18') },
      future: { 'package.json': packageJson('>=99') },
    })
    const found = await findings(nodeCheck)
    expect(found.map((f) => [f.status, f.code ?? ''])).toEqual([
      ['ok', ''],
      ['error', RuntimeErrorCode.NodeUnsupported],
      ['ok', ''],
    ])
    expect(found[0]?.message).toBe('running Node 20.19.0')
  })

  it('errs with the RUNTIME_PYTHON_NOT_FOUND hint when no interpreter satisfies a skill', async () => {
    await installSkills({ pdf: { 'requirements.txt': 'pypdf\n' } })
    const found = await findings(pythonCheck)
    expect(found).toEqual([
      expect.objectContaining({
        status: 'error',
        code: RuntimeErrorCode.PythonNotFound,
        fix: expect.stringContaining('SKILLSHIP_PYTHON'),
      }),
    ])
  })

  it('lists interpreters found and the one each skill gets', async () => {
    await installSkills({
      pdf: { 'pyproject.toml': '[project]\nname = "pdf"\nrequires-python = ">=3.8"\n' },
    })
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'] }
    const found = await findings(pythonCheck, { env })
    const skill = found.find((f) => f.message.startsWith('skill pdf'))
    // Machines without Python 3.8+ get the error instead.
    if (skill?.status === 'ok') {
      expect(skill.message).toMatch(/^skill pdf: requires-python >=3\.8 -> Python 3\.\d+\.\d+ at /)
      expect(found.some((f) => f.message.startsWith('Python 3.'))).toBe(true)
    } else {
      expect(skill?.code).toBe(RuntimeErrorCode.PythonNotFound)
    }
  })

  it('reports unreadable declarations once, as the skill’s error', async () => {
    await installSkills({ broken: { 'pyproject.toml': '[project\n' }, fine: {} })
    const found = await findings(declarationsCheck)
    expect(found.map((f) => [f.status, f.code ?? ''])).toEqual([
      ['ok', ''],
      ['error', RuntimeErrorCode.DeclarationInvalid],
    ])
    expect(found[0]?.message).toBe('1 installed skill read')
    expect(found[1]?.message).toMatch(/^skill broken: RUNTIME_DECLARATION_INVALID: /)
  })
})

describe('pip check', () => {
  it('reports the pip variables with credentials masked, and bad SKILLSHIP_PIP_ARGS quoting', async () => {
    const env = {
      PATH: join(root, 'empty-path'),
      PIP_INDEX_URL: 'https://alice:s3cret@pypi.example.com/simple',
      SKILLSHIP_PIP_ARGS: '--find-links "/my wheels',
    }
    const found = await findings(pipConfigCheck, { env })
    expect(found.map((f) => [f.status, f.message])).toEqual([
      ['ok', 'PIP_INDEX_URL=https://***@pypi.example.com/simple'],
      ['ok', 'SKILLSHIP_PIP_ARGS=--find-links "/my wheels'],
      ['error', 'SKILLSHIP_PIP_ARGS has an unclosed quote or a trailing backslash'],
      ['ok', 'uv is not on PATH: environments are built with pip'],
      ['ok', 'no Python 3 interpreter: pip configuration not read'],
    ])
    expect(JSON.stringify(found)).not.toContain('s3cret')
  })

  it('reads `pip config list` of the preferred interpreter', async () => {
    const env = { PATH: process.env['PATH'], HOME: process.env['HOME'] }
    const found = await findings(pipConfigCheck, { env })
    // Informational only: whatever pip says (or that it does not run) is never an error.
    expect(found.every((f) => f.status !== 'error')).toBe(true)
    expect(found.some((f) => f.message.startsWith('pip'))).toBe(
      found.every((f) => f.message !== 'no Python 3 interpreter: pip configuration not read'),
    )
  })
})
