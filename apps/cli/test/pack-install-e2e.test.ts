import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The installable CLI: scripts/pack-cli.mjs packs the built bundles (npm test builds them first),
// `npm install -g` puts the tarball into a temporary prefix with a PATH that holds no compiler, so
// the optional SQLite driver cannot be built, and the installed `skillship` runs with that PATH.
// Dependencies come from npm's cache or the npm registry (--prefer-offline).
const repo = fileURLToPath(new URL('../../../', import.meta.url))
const version = (
  JSON.parse(readFileSync(join(repo, 'apps/cli/package.json'), 'utf8')) as { version: string }
).version

let work: string
let bare: string
let skillship: string
let env: Record<string, string | undefined>

/** A PATH of symlinks to node, npm, git, python3 and sh: no cc, c++, gcc, g++, clang or make. */
async function compilerlessPath(folder: string): Promise<string> {
  await mkdir(folder)
  const python = spawnSync('python3', ['-c', 'import sys; print(sys.executable)'], {
    encoding: 'utf8',
  })
  const tools: Record<string, string | undefined> = {
    node: process.execPath,
    npm: which('npm'),
    git: which('git'),
    sh: which('sh'),
    env: which('env'),
    python3: python.status === 0 ? await realpath(python.stdout.trim()) : undefined,
  }
  for (const [name, target] of Object.entries(tools)) {
    if (target !== undefined) await symlink(target, join(folder, name))
  }
  return folder
}

function which(bin: string): string | undefined {
  const found = spawnSync('sh', ['-c', `command -v ${bin}`], { encoding: 'utf8' })
  return found.status === 0 ? found.stdout.trim() : undefined
}

function run(bin: string, args: readonly string[], cwd: string, timeout = 60_000) {
  const result = spawnSync(bin, args, { cwd, env, encoding: 'utf8', timeout })
  if (result.error) throw result.error
  return result
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-pack-'))
  bare = await compilerlessPath(join(work, 'bin'))
  // npm's own settings (cache, CA file) stay; what npm passed to this test run does not.
  env = Object.fromEntries(
    Object.entries(process.env).filter(([key]) => !key.toLowerCase().startsWith('npm_')),
  )
  env['PATH'] = bare
  env['SKILLSHIP_HOME'] = join(work, 'home')
  const packed = spawnSync(
    process.execPath,
    [join(repo, 'scripts/pack-cli.mjs'), '--no-build', '--out', join(work, 'out')],
    { cwd: repo, encoding: 'utf8' },
  )
  expect(packed.stderr).toBe('')
  expect(packed.status).toBe(0)
  const tarball = packed.stdout.trim()
  expect(tarball).toBe(join(work, 'out', `skillship-${version}.tgz`))
  const prefix = join(work, 'prefix')
  const install = run(
    'npm',
    ['install', '-g', tarball, '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund'],
    work,
    240_000,
  )
  expect({ status: install.status, stderr: install.stderr }).toMatchObject({ status: 0 })
  skillship = join(prefix, 'bin', 'skillship')
  // The optional driver could not be built without a compiler, and npm went on without it.
  expect(existsSync(join(prefix, 'lib/node_modules/skillship/node_modules/better-sqlite3'))).toBe(
    false,
  )
}, 300_000)

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

describe('the packed CLI, installed globally without a C++ toolchain', () => {
  it('runs with a PATH that holds no compiler', () => {
    const compilers = run('sh', ['-c', 'command -v cc c++ gcc g++ clang make || true'], work)
    expect(compilers.stdout).toBe('')
  })

  it('answers --version', () => {
    const result = run(skillship, ['--version'], work)
    expect([result.status, result.stdout.trim()]).toEqual([0, version])
  })

  it('lints the example skills', () => {
    const result = run(skillship, ['lint', join(repo, 'examples/skills'), '--json'], work)
    expect(result.status).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: true, summary: { failed: 0 } })
  })

  it('packs and installs a local skill', () => {
    const skill = join(repo, 'examples/skills/commit-message')
    const packed = run(skillship, ['pack', skill, '-o', join(work, 'cm.tgz'), '--json'], work)
    expect(packed.status).toBe(0)
    const project = join(work, 'project')
    spawnSync('mkdir', ['-p', project])
    const added = run(skillship, ['add', skill, '--skip-runtimes', '--json'], project, 120_000)
    expect({ status: added.status, stderr: added.stderr }).toEqual({ status: 0, stderr: '' })
    const listed = run(skillship, ['ls', '--json'], project)
    expect(listed.stdout).toContain('commit-message')
  })

  it('refuses `server` without the SQLite driver with SERVE_SQLITE_UNAVAILABLE naming the fix', () => {
    const result = run(
      skillship,
      ['server', '--data', join(work, 'data'), '--port', '0', '--json'],
      work,
    )
    expect(result.status).toBe(1)
    const [error] = (JSON.parse(result.stdout) as { errors: { code: string; hint: string }[] })
      .errors
    expect(error?.code).toBe('SERVE_SQLITE_UNAVAILABLE')
    expect(error?.hint).toContain('DATABASE_URL')
    expect(error?.hint).toContain('better-sqlite3')
  })
})
