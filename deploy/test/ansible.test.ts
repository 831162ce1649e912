import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestWheel } from '../../packages/installer/test/runtimes/build-test-wheel.js'

// deploy/ansible against this machine (`-c local`): lint, install skillship into a test prefix with
// npm (from this checkout, offline), install csv-insights from a local registry into a test home,
// a second run with changed=0, and a wrong token failing with the registry's error code.
// Needs ansible-playbook and ansible-lint (Debian's apt packages): skipped locally without them,
// failing under CI=true.

const repo = resolve(import.meta.dirname, '../..')
const ansibleDir = join(repo, 'deploy/ansible')
const cli = join(repo, 'apps/cli/bin/skillship.js')
const haveAnsible =
  spawnSync('ansible-playbook', ['--version']).status === 0 &&
  spawnSync('ansible-lint', ['--version']).status === 0
const inCi = process.env['CI'] === 'true' || process.env['CI'] === '1'

describe.runIf(haveAnsible || inCi)('deploy/ansible', () => {
  let root = ''
  let server: ChildProcess | undefined
  let registry = ''
  let token = ''

  beforeAll(async () => {
    expect(haveAnsible, 'ansible-playbook and ansible-lint are installed (apt)').toBe(true)
    root = await mkdtemp(join(tmpdir(), 'skillship-ansible-'))
    const data = join(root, 'registry')
    const created = spawnSync(
      process.execPath,
      [cli, 'server', 'token', 'create', '--scope', 'admin', '--data', data, '--json'],
      { encoding: 'utf8' },
    )
    expect(created.status, created.stderr).toBe(0)
    token = JSON.parse(created.stdout).token
    server = spawn(
      process.execPath,
      [
        cli,
        'server',
        '--port',
        '0',
        '--host',
        '127.0.0.1',
        '--data',
        data,
        '--examples',
        'examples/skills',
      ],
      { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    registry = await new Promise<string>((done, fail) => {
      let text = ''
      const timer = setTimeout(() => fail(new Error(`no listening line:\n${text}`)), 20_000)
      const onData = (chunk: Buffer): void => {
        text += chunk.toString()
        const match = /listening on (http:\/\/\S+)/.exec(text)
        if (match?.[1] !== undefined) {
          clearTimeout(timer)
          done(match[1])
        }
      }
      server?.stdout?.on('data', onData)
      server?.stderr?.on('data', onData)
      server?.on('exit', (code) => fail(new Error(`server exited ${code}:\n${text}`)))
    })
    // csv-insights needs tabulate: pip installs it from a local wheel, never from an index.
    await buildTestWheel(join(root, 'wheels'), { name: 'tabulate', version: '0.9.0' })
  }, 60_000)

  afterAll(async () => {
    server?.kill('SIGTERM')
    if (root !== '') await rm(root, { recursive: true, force: true })
  })

  function vars(overrides: Record<string, unknown> = {}): Record<string, unknown> {
    const home = join(root, 'home')
    return {
      skillship_source: repo,
      skillship_prefix: join(root, 'prefix'),
      skillship_npm_args: ['--offline', '--no-audit', '--no-fund'],
      skillship_become: false,
      skillship_home: home,
      skillship_state_dir: join(home, '.skillship'),
      skillship_project_dir: join(home, 'project'),
      skillship_registry: registry,
      skillship_registry_token: token,
      skillship_agents: ['qoder'],
      skillship_skills: { 'csv-insights': '^1' },
      skillship_environment: {
        PIP_CONFIG_FILE: '/dev/null',
        PIP_NO_CACHE_DIR: '1',
        SKILLSHIP_PIP_ARGS: `--no-index --find-links ${join(root, 'wheels')}`,
        SKILLSHIP_USE_UV: '0',
      },
      ...overrides,
    }
  }

  async function play(
    extra: Record<string, unknown>,
    args: readonly string[] = ['-i', 'localhost,'],
  ): Promise<{ status: number | null; output: string; recap: Record<string, number> }> {
    const file = join(root, `vars-${Date.now()}.json`)
    await writeFile(file, JSON.stringify(extra))
    const result = spawnSync(
      'ansible-playbook',
      ['-c', 'local', ...args, 'site.yml', '-e', `@${file}`],
      {
        cwd: ansibleDir,
        encoding: 'utf8',
        env: { ...process.env, ANSIBLE_NOCOLOR: '1', ANSIBLE_FORCE_COLOR: '0' },
        timeout: 180_000,
      },
    )
    const output = `${result.stdout}\n${result.stderr}`
    const line = /localhost\s+:\s+(.*)$/m.exec(output)?.[1] ?? ''
    const recap = Object.fromEntries(
      [...line.matchAll(/(\w+)=(\d+)/g)].map((m) => [m[1] as string, Number(m[2])]),
    )
    return { status: result.status, output, recap }
  }

  it('passes ansible-lint (production profile, offline)', () => {
    const result = spawnSync('ansible-lint', ['--nocolor'], {
      cwd: ansibleDir,
      encoding: 'utf8',
      timeout: 120_000,
    })
    expect(result.status, `${result.stdout}\n${result.stderr}`).toBe(0)
  }, 130_000)

  it('decrypts the example vault with the documented test password', () => {
    const result = spawnSync(
      'ansible-vault',
      [
        'view',
        '--vault-password-file',
        'vault-password.example.txt',
        'group_vars/example/vault.yml',
      ],
      { cwd: ansibleDir, encoding: 'utf8' },
    )
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^vault_skillship_registry_token: sks_/m)
    // The registry's signing keyring for the service, as the server reads it (valid-from, PKCS#8).
    expect(result.stdout).toMatch(
      /^vault_skillship_registry_keys: \|\n {2}valid-from: \S+\n {2}-----BEGIN PRIVATE KEY-----\n/m,
    )
  })

  it('installs skillship and the skills, then a second run changes nothing', async () => {
    const first = await play(vars())
    expect(first.recap['failed'], first.output).toBe(0)
    expect(first.status, first.output).toBe(0)
    expect(first.recap['changed']).toBeGreaterThan(0)
    const prefixBin = join(root, 'prefix/node_modules/.bin/skillship')
    expect(existsSync(prefixBin)).toBe(true)
    const project = join(root, 'home/project')
    expect(existsSync(join(project, '.qoder/skills/csv-insights/SKILL.md'))).toBe(true)
    expect(existsSync(join(project, 'skillship.lock'))).toBe(true)
    const manifest = JSON.parse(await readFile(join(project, 'skillship.json'), 'utf8'))
    expect(manifest).toEqual({
      agents: ['qoder'],
      registry,
      skills: { 'csv-insights': '^1' },
    })
    // The token went through `skillship login` into the test home's config.
    const config = JSON.parse(await readFile(join(root, 'home/.skillship/config.json'), 'utf8'))
    expect(config.tokens[registry]).toBe(token)
    // The token never shows up in the output.
    expect(first.output).not.toContain(token)

    const second = await play(vars())
    expect(second.recap['failed'], second.output).toBe(0)
    expect(second.recap['changed'], second.output).toBe(0)
    expect(second.output).toMatch(/PLAY RECAP[\s\S]*localhost\s+:\s+ok=\d+\s+changed=0\s/)
    expect(second.output).toMatch(/Run skillship install[\s\S]*?ok: \[localhost\]/)
  }, 240_000)

  it('fails with the registry error code and hint for a wrong token (from the example vault)', async () => {
    // localhost in the example group: group_vars/example applies, and its vaulted test token is
    // not valid on this registry.
    const inventory = join(root, 'inventory.ini')
    await writeFile(inventory, '[example]\nlocalhost ansible_connection=local\n')
    const { skillship_registry_token: _unused, ...rest } = vars({
      skillship_home: join(root, 'home-bad'),
      skillship_state_dir: join(root, 'home-bad/.skillship'),
      skillship_project_dir: join(root, 'home-bad/project'),
    })
    const bad = await play(rest, [
      '-i',
      inventory,
      '--vault-password-file',
      join(ansibleDir, 'vault-password.example.txt'),
    ])
    expect(bad.status, bad.output).not.toBe(0)
    expect(bad.recap['failed'], bad.output).toBe(1)
    expect(bad.output).toMatch(/skillship login failed \(exit 1\): REGISTRY_UNAUTHORIZED: .*hint: /)
    expect(bad.output).not.toContain('sks_TESTvaultToken')
    expect(existsSync(join(root, 'home-bad/project/.qoder/skills/csv-insights'))).toBe(false)
  }, 240_000)
})
