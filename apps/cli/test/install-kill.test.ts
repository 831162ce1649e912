import { spawn } from 'node:child_process'
import { once } from 'node:events'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import {
  createTokenOffline,
  parseServerConfig,
  type RunningServer,
  startServer,
} from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'

// `skillship install` as a real process, killed with SIGKILL at several moments: agent folders must
// hold only complete skills, and the next install must finish the job. The moments are fractions
// of a full install measured first, so they keep landing inside the install however fast it gets.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const names = Array.from({ length: 30 }, (_, i) => `kill-${String(i).padStart(2, '0')}`)
const killFractions = [0.1, 0.3, 0.5, 0.7, 0.9]
let fullInstallMs = 0

let server: RunningServer
let work: string
let manifest: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-kill-e2e-'))
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: join(work, 'server'), port: '0' },
  })
  server = await startServer(config)
  const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
  const client = createRegistryClient({ registry: server.url, token: admin.token })
  const files = Object.fromEntries(
    Array.from({ length: 40 }, (_, i) => [
      `references/part-${i}.md`,
      `# Part ${i}\n${'text '.repeat(200)}\n`,
    ]),
  )
  for (const name of names) await client.publish(name, await packTestSkill(name, '1.0.0', files))
  manifest = JSON.stringify({
    registry: server.url,
    agents: ['qoder', 'cursor'],
    skills: Object.fromEntries(names.map((n) => [n, '^1'])),
  })
  const project = join(work, 'project-full')
  await mkdir(project, { recursive: true })
  await writeFile(join(project, 'skillship.json'), manifest)
  const started = performance.now()
  const [code] = (await once(install(project, join(work, 'store-full')), 'exit')) as [number]
  fullInstallMs = performance.now() - started
  expect(code).toBe(0)
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

function install(project: string, store: string) {
  return spawn(process.execPath, [bin, 'install', '--json'], {
    cwd: project,
    env: { ...process.env, SKILLSHIP_HOME: join(work, 'home'), SKILLSHIP_STORE: store },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
}

// Every skill present in an agent folder must be complete: its SKILL.md and all 40 reference files.
async function assertOnlyCompleteSkills(skillsDir: string): Promise<number> {
  const present = await readdir(skillsDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [] as string[]
    throw error
  })
  for (const name of present) {
    expect(names).toContain(name)
    expect(await readFile(join(skillsDir, name, 'SKILL.md'), 'utf8')).toContain(`name: ${name}`)
    expect(await readdir(join(skillsDir, name, 'references'))).toHaveLength(40)
  }
  return present.length
}

describe('skillship install under SIGKILL', () => {
  it.each(killFractions)(
    'killed at %f of a full install leaves only complete skills, and the next run completes',
    async (fraction) => {
      const project = join(work, `project-${fraction}`)
      await mkdir(project, { recursive: true })
      await writeFile(join(project, 'skillship.json'), manifest)
      const store = join(work, `store-${fraction}`)
      const child = install(project, store)
      const exited = once(child, 'exit')
      await new Promise((resolve) => setTimeout(resolve, fraction * fullInstallMs))
      child.kill('SIGKILL')
      await exited
      await assertOnlyCompleteSkills(join(project, '.qoder', 'skills'))
      await assertOnlyCompleteSkills(join(project, '.agents', 'skills'))
      const again = install(project, store)
      let stdout = ''
      again.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString()
      })
      const [code] = (await once(again, 'exit')) as [number | null]
      expect(code).toBe(0)
      expect(JSON.parse(stdout).agents.every((a: { verified: boolean }) => a.verified)).toBe(true)
      expect(await assertOnlyCompleteSkills(join(project, '.qoder', 'skills'))).toBe(names.length)
      expect(await assertOnlyCompleteSkills(join(project, '.agents', 'skills'))).toBe(names.length)
    },
    60_000,
  )
})
