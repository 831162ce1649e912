import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { readdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeTempDir, makeTestStoreEntry } from '../../test/link/make-test-store-entry.js'
import type { StoreEntry } from '../store/content-store.js'
import { placeSkill } from './place-skill.js'
import { stagingDirName } from './skill-staging.js'
import { verifyPlacedSkill } from './verify-placed-skill.js'

// A child process places a 2,000-file skill and is killed with SIGKILL at several moments; the
// skills folder must then hold nothing, the previous complete skill, or the new complete skill.
const fileCount = 2000
// Placing takes ~100 ms (hard links) to ~1 s (copies) here; the spread lands kills while building,
// around the swap, while deleting the replaced skill, and after completion.
const killDelaysMs = [0, 10, 40, 100, 250, 500, 1000]
const readyTimeoutMs = 20_000

const placeSkillUrl = pathToFileURL(
  fileURLToPath(new URL('./place-skill.ts', import.meta.url)),
).href
const tsxLoader = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href

const childSource = `
import { readFile } from 'node:fs/promises'
import { placeSkill } from ${JSON.stringify(placeSkillUrl)}
const [entryFile, skillsDir] = process.argv.slice(2)
const entry = JSON.parse(await readFile(entryFile, 'utf8'))
process.stdout.write('ready\\n')
await placeSkill({ method: 'folder', entry, skillsDir, name: 'big', replace: true })
process.stdout.write('done\\n')
setInterval(() => {}, 60_000)
`

function bigSkill(version: string): Record<string, string> {
  const files: Record<string, string> = {
    'SKILL.md': `---\nname: big\ndescription: ${version}\n---\n`,
  }
  for (let index = 0; index < fileCount; index++) {
    files[`d${index % 20}/f${index}.txt`] = `${version} file ${index}\n`
  }
  return files
}

let root: string
let v1: StoreEntry
let v2: StoreEntry
let childScript: string

beforeAll(async () => {
  root = await makeTempDir('skillship-kill-')
  v1 = await makeTestStoreEntry(bigSkill('v1'), join(root, 'store-v1'))
  v2 = await makeTestStoreEntry(bigSkill('v2'), join(root, 'store-v2'))
  await writeFile(join(root, 'v2.json'), JSON.stringify(v2))
  childScript = join(root, 'child.mjs')
  await writeFile(childScript, childSource)
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

async function waitForLine(child: ChildProcess, line: string): Promise<void> {
  let buffered = ''
  const seen = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString()
      if (buffered.split('\n').includes(line)) resolve()
    })
    child.once('exit', (code) => reject(new Error(`child exited (${code}) before "${line}"`)))
  })
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no "${line}" within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    )
  })
  try {
    await Promise.race([seen, timeout])
  } finally {
    clearTimeout(timer)
  }
}

async function killDuringPlace(skillsDir: string, delayMs: number): Promise<boolean> {
  const args = [
    '--conditions=skillship-source',
    '--import',
    tsxLoader,
    childScript,
    join(root, 'v2.json'),
    skillsDir,
  ]
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  let done = false
  child.stdout.on('data', (chunk: Buffer) => {
    done ||= chunk.toString().includes('done')
  })
  await waitForLine(child, 'ready')
  await new Promise((resolve) => setTimeout(resolve, delayMs))
  const exited = once(child, 'exit')
  child.kill('SIGKILL')
  await exited
  return done
}

async function verifiedAs(
  path: string,
  entries: readonly StoreEntry[],
): Promise<string | undefined> {
  for (const entry of entries) {
    const report = await verifyPlacedSkill({
      agent: 'qoder',
      path,
      files: entry.files,
      method: 'folder',
    })
    if (report.verified) return entry === v1 ? 'v1' : 'v2'
  }
  return undefined
}

describe('placeSkill under SIGKILL', () => {
  it.each(killDelaysMs.map((delay, index) => [delay, index % 2 === 1] as const))(
    'after %i ms (replacing: %s) leaves nothing or a complete skill',
    async (delayMs, replacing) => {
      const skillsDir = join(root, `run-${delayMs}`, '.qoder', 'skills')
      if (replacing) await placeSkill({ method: 'folder', entry: v1, skillsDir, name: 'big' })
      const completed = await killDuringPlace(skillsDir, delayMs)
      // A kill right after start must interrupt the work, or this test proves nothing.
      if (delayMs === 0) expect(completed).toBe(false)
      // Killed before the skills folder was even created: nothing is the right outcome.
      const present = await readdir(skillsDir).catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return [] as string[]
        throw error
      })
      expect(present.filter((name) => name !== 'big')).toEqual([])
      if (present.includes('big')) {
        const version = await verifiedAs(join(skillsDir, 'big'), replacing ? [v2, v1] : [v2])
        expect(version).toBeDefined()
      }
      // The next install cleans what the killed one left in staging and succeeds.
      await placeSkill({ method: 'folder', entry: v2, skillsDir, name: 'big', replace: true })
      expect(await verifiedAs(join(skillsDir, 'big'), [v2])).toBe('v2')
      expect(await readdir(join(skillsDir, '..', stagingDirName))).toEqual(['.gitignore'])
    },
    60_000,
  )
})
