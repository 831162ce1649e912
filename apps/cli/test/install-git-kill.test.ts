import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// `skillship add git+http://...` as a real process, SIGKILLed while git waits on a server that never
// answers: git and its remote helper must not keep running after the install is gone.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
let work: string
let server: Server
let port: number
const requests: string[] = []

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-git-kill-'))
  // Accepts every request and never answers it.
  server = createServer((request) => {
    requests.push(request.url ?? '')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((resolve) => server.close(() => resolve()))
  await rm(work, { recursive: true, force: true })
})

// Processes whose command line names the hanging server.
async function gitProcesses(): Promise<string[]> {
  const found: string[] = []
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')
    const args = cmdline.split('\0').join(' ')
    if (args.includes(`127.0.0.1:${port}/`) && !args.includes('skillship.js')) found.push(args)
  }
  return found
}

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

describe.skipIf(process.platform === 'win32')('a SIGKILLed install with git running', () => {
  it('leaves no git process behind', async () => {
    const child = spawn(
      process.execPath,
      [bin, 'add', `git+http://127.0.0.1:${port}/repo.git`, '--agent', 'qoder', '--json'],
      {
        cwd: work,
        env: {
          ...process.env,
          SKILLSHIP_HOME: join(work, 'home'),
          SKILLSHIP_STORE: join(work, 'store'),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    await until(async () => requests.length > 0, 'git to reach the server')
    expect(await gitProcesses()).not.toEqual([])
    child.kill('SIGKILL')
    await once(child, 'exit')
    await until(async () => (await gitProcesses()).length === 0, 'git processes to end')
    expect(await gitProcesses()).toEqual([])
  })
})
