import type { ExecFileException } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createGitRunner } from './run-git.js'

let work: string

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-run-git-'))
})

afterEach(async () => {
  await rm(work, { recursive: true, force: true })
})

async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    return { code: error.code, killed: (error.cause as ExecFileException).killed === true }
  }
  throw new Error('git succeeded')
}

describe('createGitRunner transports', () => {
  // Even a URL that slipped past the spec checks cannot reach a transport helper.
  it.each([['fd::17'], ['ext::sh -c touch% pwned']])(
    'refuses %s at once, not by the timeout, and runs nothing',
    async (url) => {
      const git = createGitRunner({ timeoutMs: 20_000 })
      expect(await failure(git(['ls-remote', '--', url], work))).toEqual({
        code: 'INSTALL_GIT_FAILED',
        killed: false,
      })
      expect(await readdir(work)).toEqual([])
    },
  )
})
