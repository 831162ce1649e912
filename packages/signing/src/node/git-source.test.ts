import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readGitSource } from './git-source.js'

const base = mkdtempSync(join(tmpdir(), 'skillship-git-source-'))
afterAll(() => rmSync(base, { recursive: true, force: true }))
const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], {
    cwd,
    stdio: 'pipe',
  })
    .toString()
    .trim()

describe('readGitSource', () => {
  it('names origin and HEAD for a clean skill folder, and nothing once its files differ', async () => {
    const repo = join(base, 'repo')
    mkdirSync(join(repo, 'skills', 'hello'), { recursive: true })
    writeFileSync(join(repo, 'skills', 'hello', 'SKILL.md'), 'hello\n')
    git(repo, 'init', '-q')
    git(repo, 'add', '.')
    git(repo, 'commit', '-q', '-m', 'skill')
    const skill = join(repo, 'skills', 'hello')
    expect(await readGitSource(skill)).toBeUndefined()
    git(repo, 'remote', 'add', 'origin', 'https://git.example.test/acme/skills.git')
    expect(await readGitSource(skill)).toEqual({
      repository: 'https://git.example.test/acme/skills.git',
      commit: git(repo, 'rev-parse', 'HEAD'),
    })
    writeFileSync(join(skill, 'extra.md'), 'untracked\n')
    expect(await readGitSource(skill)).toBeUndefined()
  })

  it('names nothing outside a checkout', async () => {
    const plain = join(base, 'plain')
    mkdirSync(plain)
    expect(await readGitSource(plain)).toBeUndefined()
  })
})
