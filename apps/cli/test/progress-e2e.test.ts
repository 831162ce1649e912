import { readFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestWheel } from '../../../packages/installer/test/runtimes/build-test-wheel.js'
import { pythonTestEnv } from '../../../packages/installer/test/runtimes/python-test-env.js'
import type { CliIo } from '../src/command.js'
import { runCli } from '../src/run-cli.js'
import { cli, scratch, validSkillMd } from './cli-harness.js'

// Progress of a slow environment build, as a user sees it: pip downloads from a local index that
// holds the wheel back until the terminal has shown the build step with its time moving, so the
// test proves progress appears while the build runs (and fails by timing out if it does not).
let work: { root: string; cleanup(): Promise<void> }
let index: Server
let screen = ''

beforeAll(async () => {
  work = await scratch()
  const wheel = await buildTestWheel(join(work.root, 'wheels'), { name: 'pkgslow', version: '1.0' })
  const file = wheel.path.split('/').pop() as string
  index = createServer((request, response) => {
    if (request.url === `/${file}`) {
      void holdUntil(() => /building the Python environment .*\([1-9]\d*\.\d+s\)/.test(screen))
        .then(() => readFile(wheel.path))
        .then((bytes) => response.end(bytes))
      return
    }
    response.setHeader('content-type', 'text/html')
    response.end(`<html><body><a href="${file}">${file}</a></body></html>`)
  })
  await new Promise<void>((resolve) => index.listen(0, '127.0.0.1', resolve))
}, 30_000)

afterAll(async () => {
  index.close()
  await work.cleanup()
})

async function holdUntil(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 50))
}

async function project(name: string, requirement: string): Promise<string> {
  const files = {
    [`src/${name}/SKILL.md`]: validSkillMd(name),
    [`src/${name}/requirements.txt`]: `${requirement}\n`,
    [`src/${name}/scripts/x.py`]: 'print(1)\n',
    [`${name}-project/skillship.json`]: JSON.stringify({
      agents: ['claude-code'],
      skills: { [name]: `file:${join(work.root, 'src', name)}` },
    }),
  }
  const { writeFile, mkdir } = await import('node:fs/promises')
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(work.root, path, '..'), { recursive: true })
    await writeFile(join(work.root, path), content)
  }
  return join(work.root, `${name}-project`)
}

function envFor(pipArgs: string): Record<string, string | undefined> {
  return {
    ...pythonTestEnv(join(work.root, 'wheels')),
    SKILLSHIP_PIP_ARGS: pipArgs,
    SKILLSHIP_HOME: join(work.root, 'home'),
    SKILLSHIP_STORE: join(work.root, 'store'),
    SKILLSHIP_ENVS: join(work.root, 'envs'),
  }
}

describe('progress of long installs', () => {
  it('shows the environment build on a terminal while it runs, with its time moving', async () => {
    const dir = await project('slow-build', 'pkgslow==1.0')
    const { port } = index.address() as AddressInfo
    const io: CliIo = {
      stdout: { write: () => true },
      stderr: { write: (text: string) => (screen += text), isTTY: true },
      cwd: dir,
      color: false,
      env: envFor(`--no-index --find-links http://127.0.0.1:${port}/`),
      home: dir,
      waitForShutdown: () => new Promise<string>(() => undefined),
    }
    expect(await runCli(['install'], io)).toBe(0)
    expect(screen).toMatch(
      /runtime slow-build: building the Python environment \S+ \(Python [\d.]+; pkgslow==1\.0\) \(0\.\ds\)/,
    )
    expect(screen).toMatch(/runtime slow-build: .*\(1\.\ds\)/)
  }, 120_000)

  it('prints one line per step off a terminal, and says when pip retries an unreachable index', async () => {
    const dir = await project('no-index', 'pkgnone==1.0')
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    closed.close()
    const run = await cli(['install'], dir, {
      env: envFor(`--index-url http://127.0.0.1:${port}/simple --retries 1 --timeout 2`),
    })
    expect(run.code).toBe(1)
    const lines = run.stderr.split('\n').filter((line) => line.startsWith('['))
    expect(lines[0]).toMatch(/^\[\d+\.\ds\] runtime no-index: building the Python environment /)
    expect(lines[1]).toMatch(
      /^\[\d+\.\ds\] warning: no-index: pip cannot reach the package index .*--skip-runtimes/,
    )
    expect(run.stderr).toContain('RUNTIME_ENV_BUILD_FAILED')
  }, 120_000)
})
