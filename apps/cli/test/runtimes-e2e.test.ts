import { spawnSync } from 'node:child_process'
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestWheel } from '../../../packages/installer/test/runtimes/build-test-wheel.js'
import { pythonTestEnv } from '../../../packages/installer/test/runtimes/python-test-env.js'
import { cli, scratch, validSkillMd } from './cli-harness.js'

// Isolated runtimes end to end: skills with conflicting Python dependencies, a PEP 723 script, a
// pyproject.toml and an npm dependency, installed by the CLI (real venv, pip from local wheels,
// real npm registry) and run through `skillship run`.
const versionScript = 'import pkgx\nprint(pkgx.__version__)\n'

const skills: Record<string, Record<string, string>> = {
  'uses-pkgx-one': { 'requirements.txt': 'pkgx==1.0\n', 'scripts/version.py': versionScript },
  'uses-pkgx-two': { 'requirements.txt': 'pkgx>=2\n', 'scripts/version.py': versionScript },
  'same-as-one': {
    'scripts/requirements.txt': 'pkgx == 1.0\n',
    'scripts/version.py': versionScript,
  },
  'inline-script': {
    'scripts/tool.py':
      '# /// script\n# requires-python = ">=3.8"\n# dependencies = ["pkgy==1.0"]\n# ///\nimport pkgy\nprint("pkgy", pkgy.__version__)\n',
  },
  'pyproject-skill': {
    'pyproject.toml':
      '[project]\nname = "pyproject-skill"\nversion = "0.1.0"\nrequires-python = ">=3.8"\ndependencies = ["pkgx>=2"]\n',
    'scripts/version.py': versionScript,
  },
  'node-skill': {
    'package.json': JSON.stringify({
      name: 'node-skill',
      type: 'module',
      dependencies: { 'is-number': '7.0.0' },
    }),
    'scripts/exit.mjs': 'process.exit(Number(process.argv[2]))\n',
    'scripts/read-arg.mjs':
      "import { readFileSync } from 'node:fs'\nconsole.log(readFileSync(process.argv[2], 'utf8').trim())\n",
    'scripts/check.mjs':
      "import isNumber from 'is-number'\nconsole.log(isNumber(5), process.argv.slice(2).join(' '))\n",
  },
}

let work: { root: string; cleanup(): Promise<void> }
let env: Record<string, string | undefined>
let project: string

function globalPipList(): string {
  const listed = spawnSync('python3', ['-m', 'pip', 'list', '--format=json'], {
    env: env as NodeJS.ProcessEnv,
    encoding: 'utf8',
  })
  expect(listed.status).toBe(0)
  return listed.stdout
}

async function writeSkill(name: string, files: Record<string, string>): Promise<string> {
  const dir = join(work.root, 'src', name)
  for (const [path, content] of Object.entries({ 'SKILL.md': validSkillMd(name), ...files })) {
    const file = join(dir, path)
    await import('node:fs/promises').then(({ mkdir }) =>
      mkdir(join(file, '..'), { recursive: true }),
    )
    await writeFile(file, content)
  }
  return dir
}

async function newProject(name: string, specs: Record<string, string>): Promise<string> {
  const dir = join(work.root, name)
  await import('node:fs/promises').then(({ mkdir }) => mkdir(dir, { recursive: true }))
  await writeFile(
    join(dir, 'skillship.json'),
    JSON.stringify({ agents: ['claude-code'], skills: specs }),
  )
  return dir
}

beforeAll(async () => {
  work = await scratch()
  const wheels = join(work.root, 'wheels')
  await buildTestWheel(wheels, { name: 'pkgx', version: '1.0' })
  await buildTestWheel(wheels, { name: 'pkgx', version: '2.0' })
  await buildTestWheel(wheels, { name: 'pkgy', version: '1.0' })
  env = {
    ...pythonTestEnv(wheels),
    SKILLSHIP_HOME: join(work.root, 'home'),
    SKILLSHIP_STORE: join(work.root, 'store'),
    SKILLSHIP_ENVS: join(work.root, 'envs'),
  }
  const specs: Record<string, string> = {}
  for (const [name, files] of Object.entries(skills))
    specs[name] = `file:${await writeSkill(name, files)}`
  project = await newProject('project', specs)
}, 30_000)

afterAll(async () => {
  await work.cleanup()
})

describe('isolated runtimes through the CLI', () => {
  it('installs conflicting dependencies side by side and runs each skill with its own', async () => {
    const before = globalPipList()
    const installed = await cli(['install', '--json'], project, { env })
    // Off a terminal, stderr holds one line per environment build and nothing else.
    const lines = installed.stderr.split('\n').filter((line) => line !== '')
    expect(lines.length).toBeGreaterThan(0)
    for (const line of lines)
      expect(line).toMatch(/^\[\d+(\.\d)?s\] runtime \S+: building the (Python|Node) environment /)
    expect(installed.code).toBe(0)
    const run = async (name: string, script: string, ...args: string[]) => {
      const result = await cli(['run', name, script, ...args], project, { env })
      expect({ name, code: result.code, stderr: result.stderr }).toEqual({
        name,
        code: 0,
        stderr: '',
      })
      return result.stdout.trim()
    }
    expect(await run('uses-pkgx-one', 'version.py')).toBe('1.0')
    expect(await run('uses-pkgx-two', 'scripts/version.py')).toBe('2.0')
    expect(await run('same-as-one', 'version.py')).toBe('1.0')
    expect(await run('pyproject-skill', 'version.py')).toBe('2.0')
    expect(await run('inline-script', 'tool.py')).toBe('pkgy 1.0')
    expect(await run('node-skill', 'check.mjs', '--json', 'x')).toBe('true --json x')
    expect(globalPipList()).toBe(before)
  }, 120_000)

  it('shares one environment between skills with the same dependencies and records it', async () => {
    const { skills: records } = JSON.parse(
      await readFile(join(project, '.skillship', 'runtimes.json'), 'utf8'),
    ) as { skills: Record<string, { python?: { key: string }; node?: { key: string } }> }
    const key = (name: string) => records[name]?.python?.key
    expect(key('same-as-one')).toBe(key('uses-pkgx-one'))
    expect(key('uses-pkgx-two')).not.toBe(key('uses-pkgx-one'))
    const envs = (await readdir(join(work.root, 'envs'))).filter((name) => !name.startsWith('.'))
    const used = new Set(Object.values(records).flatMap((r) => [r.python?.key, r.node?.key]))
    used.delete(undefined)
    expect(envs.sort()).toEqual([...used].sort())
    const lock = JSON.parse(await readFile(join(project, 'skillship.lock'), 'utf8'))
    expect(lock.skills['uses-pkgx-one'].runtime.python.packages).toEqual([
      { name: 'pkgx', version: '1.0', hashes: [expect.stringMatching(/^sha256:[0-9a-f]{64}$/)] },
    ])
  })

  it('installs exactly the locked packages on a frozen install into a fresh machine', async () => {
    const fresh = {
      ...env,
      SKILLSHIP_ENVS: join(work.root, 'envs-fresh'),
      SKILLSHIP_STORE: join(work.root, 'store-fresh'),
    }
    await rm(join(project, '.claude'), { recursive: true, force: true })
    const frozen = await cli(['install', '--frozen', '--json'], project, { env: fresh })
    expect(frozen.code).toBe(0)
    const version = await cli(['run', '--json', 'uses-pkgx-two', 'version.py'], project, {
      env: fresh,
    })
    expect(version.json()).toMatchObject({
      ok: true,
      exitCode: 0,
      stdout: '2.0\n',
      runner: 'python',
    })
  }, 120_000)

  it("resolves a relative argument against the caller's folder, or --cwd", async () => {
    await writeFile(join(project, 'data.csv'), 'from the caller\n')
    const here = await cli(['run', 'node-skill', 'read-arg.mjs', 'data.csv'], project, { env })
    expect({ code: here.code, stdout: here.stdout }).toEqual({
      code: 0,
      stdout: 'from the caller\n',
    })
    const sub = join(project, 'sub')
    await import('node:fs/promises').then(({ mkdir }) => mkdir(sub, { recursive: true }))
    await writeFile(join(sub, 'data.csv'), 'from --cwd\n')
    const there = await cli(
      ['run', '--cwd', 'sub', 'node-skill', 'read-arg.mjs', 'data.csv'],
      project,
      {
        env,
      },
    )
    expect(there.stdout).toBe('from --cwd\n')
  })

  it('passes the script exit code through and refuses unknown scripts and skills', async () => {
    const missing = await cli(['run', '--json', 'uses-pkgx-one', 'nope.py'], project, { env })
    expect(missing.code).toBe(4)
    expect(missing.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'RUNTIME_SCRIPT_NOT_FOUND',
    )
    const outside = await cli(['run', 'uses-pkgx-one', '../uses-pkgx-two/SKILL.md'], project, {
      env,
    })
    expect(outside.code).toBe(4)
    const unknown = await cli(['run', 'no-such-skill', 'x.py'], project, { env })
    expect(unknown.code).toBe(4)
    expect(unknown.stderr).toContain('RUNTIME_SKILL_NOT_INSTALLED')
    const exit3 = await cli(['run', 'node-skill', 'exit.mjs', '3'], project, { env })
    expect(exit3.code).toBe(3)
    expect(exit3.stderr).toBe('')
  })

  it('reports a damaged environment with its code, and install repairs it', async () => {
    const { skills: records } = JSON.parse(
      await readFile(join(project, '.skillship', 'runtimes.json'), 'utf8'),
    ) as { skills: Record<string, { python?: { path: string } }> }
    const envPath = records['uses-pkgx-one']?.python?.path ?? ''
    await rm(join(envPath, 'skillship-env.json'))
    const broken = await cli(['run', 'uses-pkgx-one', 'version.py'], project, { env })
    expect(broken.code).toBe(1)
    expect(broken.stderr).toContain('RUNTIME_ENV_CORRUPT')
    expect((await cli(['install'], project, { env })).code).toBe(0)
    const repaired = await cli(['run', 'uses-pkgx-one', 'version.py'], project, { env })
    expect(repaired.stdout.trim()).toBe('1.0')
  }, 120_000)

  it('stops on a requires-python nothing satisfies and changes nothing', async () => {
    const dir = await writeSkill('needs-future-python', {
      'scripts/x.py': '# /// script\n# requires-python = ">=3.99"\n# ///\nprint(1)\n',
    })
    const other = await newProject('future', { 'needs-future-python': `file:${dir}` })
    const result = await cli(['install', '--json'], other, { env })
    expect(result.code).toBe(4)
    expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'RUNTIME_PYTHON_NOT_FOUND',
    )
    // The project lock's folder may stay; no lockfile, no agent folder.
    expect((await readdir(other)).filter((name) => name !== '.skillship')).toEqual([
      'skillship.json',
    ])
    await expect(stat(join(other, '.claude'))).rejects.toMatchObject({ code: 'ENOENT' })
  })
})
