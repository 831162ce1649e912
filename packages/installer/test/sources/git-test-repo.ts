import { execFileSync } from 'node:child_process'
import { pathToFileURL } from 'node:url'

/** A git repository on disk for tests, committed to with a fixed author and date. */
export interface GitTestRepo {
  readonly path: string
  /** `file://` URL of the repository, as `git+file://` specs name it. */
  readonly url: string
  git(...args: string[]): string
  /** Stages everything and commits; returns the new commit id. */
  commit(message: string): string
}

const env = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_AUTHOR_DATE: '2025-01-01T00:00:00Z',
  GIT_COMMITTER_DATE: '2025-01-01T00:00:00Z',
  GIT_CONFIG_NOSYSTEM: '1',
}

/** `git init` in `path` (which must exist) with `main` as the first branch. */
export function initGitTestRepo(path: string): GitTestRepo {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { cwd: path, env, encoding: 'utf8' }).trim()
  git('init', '-q', '-b', 'main')
  return {
    path,
    url: pathToFileURL(path).href,
    git,
    commit(message) {
      git('add', '-A')
      git('commit', '-q', '-m', message)
      return git('rev-parse', 'HEAD')
    },
  }
}
