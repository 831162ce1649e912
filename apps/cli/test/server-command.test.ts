import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli } from './cli-harness.js'

const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const examples = new URL('../../../examples/skills', import.meta.url).pathname

let dir: string | undefined
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
  dir = undefined
})

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

describe('skillship server', () => {
  it('creates tokens offline, shows the secret once and lists tokens without it', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skillship-server-'))
    const created = await cli(
      ['server', 'token', 'create', '--data', dir, '--scope', 'admin', '--name', 'ops', '--json'],
      dir,
    )
    expect(created.code).toBe(0)
    const { token } = created.json<{ token: string }>()
    expect(token).toMatch(/^sks_[0-9A-Za-z]{40}$/)
    const listed = await cli(['server', 'token', 'list', '--data', dir, '--json'], dir)
    expect(listed.json<{ tokens: { name: string; scopes: string[] }[] }>().tokens).toMatchObject([
      { name: 'ops', scopes: ['admin'] },
    ])
    expect(listed.stdout).not.toContain(token)
    const quiet = await cli(
      ['server', 'token', 'create', '--data', dir, '--scope', 'admin', '--quiet'],
      dir,
    )
    expect(quiet.stdout).toMatch(/^sks_[0-9A-Za-z]{40}\n$/)
    const bad = await cli(
      ['server', 'token', 'create', '--data', dir, '--scope', 'root', '--json'],
      dir,
    )
    expect(bad.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      'REGISTRY_SCOPE_INVALID',
    )
  })

  it('refuses a bad configuration value, naming the variable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skillship-server-'))
    const run = await cli(['server', '--json'], dir, { env: { SKILLSHIP_PORT: 'eighty' } })
    expect(run.code).toBe(2)
    const error = run.json<{ errors: { code: string; message: string }[] }>().errors[0]
    expect(error?.code).toBe('REGISTRY_CONFIG_INVALID')
    expect(error?.message).toContain('SKILLSHIP_PORT')
  })

  it('serves the example skills, then drains and exits 0 on SIGTERM (the real executable)', async () => {
    dir = await mkdtemp(join(tmpdir(), 'skillship-server-'))
    const child = spawn(
      process.execPath,
      [bin, 'server', '--data', dir, '--port', '0', '--examples', examples],
      {
        env: { ...process.env, SKILLSHIP_LOG_LEVEL: 'warn' },
      },
    )
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    const exited = new Promise<number | null>((resolve) =>
      child.once('exit', (code) => resolve(code)),
    )
    const url = await waitFor(() => /listening on (http:\/\/\S+)/.exec(stderr)?.[1])
    expect((await fetch(`${url}/readyz`)).status).toBe(200)
    const search = (await (await fetch(`${url}/v1/skills`)).json()) as { items: { name: string }[] }
    expect(search.items.map((i) => i.name)).toEqual([
      'commit-message',
      'csv-insights',
      'markdown-link-check',
      'release-notes',
    ])
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
  })
})
