import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type GitTestRepo, initGitTestRepo } from './git-test-repo.js'
import { writeTestSkill } from './write-test-skill.js'

/**
 * A repository shaped like the public skills repositories, written for these tests: a root
 * SKILL.md, `skills/*` (alpha with metadata.version 1.2.0, beta without), `.claude/skills/gamma`,
 * and a Claude Code marketplace whose plugin in `plugins/tools` holds `skills/delta` and names
 * `extra/epsilon` in its `skills`. One commit on `main`.
 */
export async function initSkillsRepo(path: string): Promise<GitTestRepo> {
  await mkdir(path, { recursive: true })
  const repo = initGitTestRepo(path)
  await writeTestSkill(path, 'root-skill', { folder: '.' })
  await writeTestSkill(join(path, 'skills'), 'alpha', { version: '1.2.0' })
  await writeTestSkill(join(path, 'skills'), 'beta')
  await writeTestSkill(join(path, '.claude', 'skills'), 'gamma')
  await writeTestSkill(join(path, 'plugins', 'tools', 'skills'), 'delta')
  await writeTestSkill(join(path, 'extra'), 'epsilon')
  await writeFile(join(path, 'README.md'), '# Test skills\n')
  await writeMarketplace(path, [
    { name: 'tools', source: './plugins/tools', skills: ['../../extra/epsilon'] },
  ])
  repo.commit('skills')
  return repo
}

/** Writes `.claude-plugin/marketplace.json` with these plugins. */
export async function writeMarketplace(path: string, plugins: unknown): Promise<void> {
  await mkdir(join(path, '.claude-plugin'), { recursive: true })
  const manifest = { name: 'test-market', owner: { name: 'Test' }, plugins }
  await writeFile(join(path, '.claude-plugin', 'marketplace.json'), JSON.stringify(manifest))
}

/** The names discovery finds in initSkillsRepo's repository, in its order. */
export const skillsRepoNames = ['root-skill', 'alpha', 'beta', 'gamma', 'delta', 'epsilon']
