import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import type { PublishSource } from '../bundle/skill-statement.js'

const run = promisify(execFile)
// fsmonitor can name a program to run: a checkout's own config never gets to run one here.
const gitArgs = ['-c', 'core.fsmonitor=false', '-c', 'core.hooksPath=/dev/null']
const commitId = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/**
 * The predicate's `source` for a skill folder inside a git checkout: the `origin` URL and the
 * commit at HEAD, only when the folder's files are exactly that commit's (nothing modified,
 * staged or untracked under it): otherwise the statement would name a commit that does not hold
 * the signed files. Undefined for a folder outside a checkout, without `origin`, or not clean.
 * Each git call is bounded to 10 s.
 */
export async function readGitSource(folder: string): Promise<PublishSource | undefined> {
  const git = async (...args: string[]) => {
    const { stdout } = await run('git', [...gitArgs, '-C', folder, ...args], {
      timeout: 10_000,
      maxBuffer: 1024 * 1024,
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' },
    })
    return stdout.trim()
  }
  try {
    const commit = await git('rev-parse', 'HEAD')
    const repository = await git('remote', 'get-url', 'origin')
    const changes = await git('status', '--porcelain', '--untracked-files=all', '--', '.')
    if (!commitId.test(commit) || repository === '' || changes !== '') return undefined
    return { repository, commit }
  } catch (error) {
    // git exits non-zero outside a checkout, on an unborn HEAD or without origin.
    if (typeof (error as { code?: unknown }).code === 'number') return undefined
    throw error
  }
}
