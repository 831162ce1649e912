import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempPrefix } from '../../../test/sources/expect-code.js'
import { pythonStagingPath, sweepPythonStaging } from './python-staging.js'

const key = 'c'.repeat(32)
let root: string
let deadPid: number

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), tempPrefix))
  // A process that has exited: its pid is (for the length of this test) not alive.
  deadPid = spawnSync(process.execPath, ['-e', '0']).pid ?? 0
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('sweepPythonStaging', () => {
  it('removes staging folders of dead processes, keeps live ones and environments', async () => {
    const ours = pythonStagingPath(root, key)
    const dead = join(root, `.staging-${key}-${deadPid}-0123456789ab`)
    const deadAside = `${dead}-old-1`
    const env = join(root, key)
    for (const dir of [ours, dead, deadAside, env, join(root, '.staging-unrelated')])
      await mkdir(dir)
    expect(basename(ours)).toMatch(new RegExp(`^\\.staging-${key}-${process.pid}-[0-9a-f]{12}$`))
    expect((await sweepPythonStaging(root)).sort()).toEqual([dead, deadAside].sort())
    expect((await readdir(root)).sort()).toEqual(['.staging-unrelated', basename(ours), key].sort())
  })

  it('removes even live staging folders once they are older than staleAfterMs', async () => {
    const later = () => Date.now() + 60_000
    const removed = await sweepPythonStaging(root, { staleAfterMs: 1000, now: later })
    expect(removed).toHaveLength(1)
    expect(await readdir(root)).not.toContain(basename(removed[0] ?? ''))
  })

  it('accepts an envs folder that does not exist yet', async () => {
    expect(await sweepPythonStaging(join(root, 'missing'))).toEqual([])
  })
})
