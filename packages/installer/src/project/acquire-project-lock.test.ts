import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import {
  link,
  mkdir,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  unlink,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { acquireProjectLock } from './project.js'

let dir: string
let lockPath: string
const children: ChildProcess[] = []
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-plock-'))
  lockPath = join(dir, '.skillship', 'install.lock')
})
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL')
  await rm(dir, { recursive: true, force: true })
})

const modulePath = fileURLToPath(new URL('./project.ts', import.meta.url))

/** A second node process that takes the lock with the real code and holds it until told. */
async function spawnHolder(): Promise<{ child: ChildProcess; release: () => Promise<void> }> {
  const script = [
    `const { acquireProjectLock } = await import(${JSON.stringify(modulePath)})`,
    `const lock = await acquireProjectLock(${JSON.stringify(dir)}, { timeoutMs: 10000 })`,
    `console.log('locked')`,
    `process.stdin.once('data', async () => { await lock.release(); console.log('released') })`,
  ].join('\n')
  const child = spawn(
    process.execPath,
    ['--conditions=skillship-source', '--import', 'tsx', '--input-type=module', '-e', script],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  )
  children.push(child)
  const lines = createInterface({ input: child.stdout ?? process.stdin })[Symbol.asyncIterator]()
  expect((await lines.next()).value).toBe('locked')
  return {
    child,
    release: async () => {
      child.stdin?.write('go\n')
      expect((await lines.next()).value).toBe('released')
    },
  }
}

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  const pid = child.pid
  await once(child, 'exit')
  if (pid === undefined) throw new Error('no pid')
  return pid
}

async function writeLock(record: Record<string, unknown>): Promise<void> {
  await mkdir(join(dir, '.skillship'), { recursive: true })
  await writeFile(lockPath, JSON.stringify(record))
}

describe('acquireProjectLock', () => {
  it('creates the lock with pid, hostname and start time, and release removes it', async () => {
    const lock = await acquireProjectLock(dir)
    const record = JSON.parse(await readFile(lockPath, 'utf8'))
    expect(record).toEqual({
      pid: process.pid,
      hostname: hostname(),
      startedAt: expect.any(String),
    })
    expect(Number.isNaN(Date.parse(record.startedAt))).toBe(false)
    await lock.release()
    await lock.release()
    expect(await readdir(join(dir, '.skillship'))).toEqual([])
  })

  it('excludes a second holder in the same process until the first releases', async () => {
    const first = await acquireProjectLock(dir)
    await expect(acquireProjectLock(dir, { timeoutMs: 100 })).rejects.toMatchObject({
      code: InstallErrorCode.Locked,
      details: { pid: process.pid },
    })
    const second = acquireProjectLock(dir, { timeoutMs: 5000 })
    await first.release()
    await (await second).release()
  })

  it('waits for a lock held by another live process, then gets it once released', async () => {
    const holder = await spawnHolder()
    await expect(acquireProjectLock(dir, { timeoutMs: 150 })).rejects.toMatchObject({
      code: InstallErrorCode.Locked,
      path: lockPath,
      details: { pid: holder.child.pid },
    })
    const waiting = acquireProjectLock(dir, { timeoutMs: 10_000 })
    await holder.release()
    const lock = await waiting
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('takes over the lock of a process that was killed while holding it', async () => {
    const holder = await spawnHolder()
    holder.child.kill('SIGKILL')
    await once(holder.child, 'exit')
    const lock = await acquireProjectLock(dir, { timeoutMs: 0 })
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })

  it('takes over a lock whose pid is dead on this host', async () => {
    await writeLock({
      pid: await deadPid(),
      hostname: hostname(),
      startedAt: new Date().toISOString(),
    })
    const lock = await acquireProjectLock(dir, { timeoutMs: 0 })
    expect(JSON.parse(await readFile(lockPath, 'utf8')).pid).toBe(process.pid)
    await lock.release()
    expect(await readdir(join(dir, '.skillship'))).toEqual([])
  })

  it('does not judge pids of another host, but takes over any lock older than staleMs', async () => {
    const pid = await deadPid()
    await writeLock({ pid, hostname: 'elsewhere', startedAt: new Date().toISOString() })
    await expect(acquireProjectLock(dir, { timeoutMs: 50 })).rejects.toMatchObject({
      code: InstallErrorCode.Locked,
      details: { pid, hostname: 'elsewhere' },
    })
    const old = new Date(Date.now() - 60_000).toISOString()
    await writeLock({ pid: process.pid, hostname: hostname(), startedAt: old })
    const lock = await acquireProjectLock(dir, { timeoutMs: 0, staleMs: 30_000 })
    await lock.release()
  })

  it('waits on an unreadable lock (being written) but takes it over once its mtime is stale', async () => {
    await mkdir(join(dir, '.skillship'), { recursive: true })
    await writeFile(lockPath, '')
    await expect(acquireProjectLock(dir, { timeoutMs: 50 })).rejects.toMatchObject({
      code: InstallErrorCode.Locked,
    })
    const old = new Date(Date.now() - 60_000)
    await utimes(lockPath, old, old)
    const lock = await acquireProjectLock(dir, { timeoutMs: 0, staleMs: 30_000 })
    await lock.release()
  })

  it('release leaves alone a lock that was taken over meanwhile', async () => {
    const lock = await acquireProjectLock(dir)
    const other = { pid: 1, hostname: 'elsewhere', startedAt: new Date().toISOString() }
    await writeFile(lockPath, JSON.stringify(other))
    await lock.release()
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toEqual(other)
  })

  it('releases its lock even while a waiter judging it has moved it aside for a moment', async () => {
    const lock = await acquireProjectLock(dir)
    const aside = `${lockPath}.stale-judged`
    await rename(lockPath, aside)
    const released = lock.release()
    await new Promise((resolve) => setTimeout(resolve, 20))
    // The waiter finds a lock it did not judge and puts it back, as takeOver does.
    await link(aside, lockPath)
    await unlink(aside)
    await released
    await expect(stat(lockPath)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('lets exactly one of many concurrent waiters take over a dead lock at a time', async () => {
    await writeLock({
      pid: await deadPid(),
      hostname: hostname(),
      startedAt: new Date().toISOString(),
    })
    let inside = 0
    let most = 0
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        const lock = await acquireProjectLock(dir, { timeoutMs: 10_000 })
        inside += 1
        most = Math.max(most, inside)
        await new Promise((resolve) => setImmediate(resolve))
        inside -= 1
        await lock.release()
      }),
    )
    expect(most).toBe(1)
  })
})
