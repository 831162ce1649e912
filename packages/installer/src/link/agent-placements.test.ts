import { lstat, mkdir, mkdtemp, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installerTestOptions } from '../../test/install/installer-test-options.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { listSkills } from '../install/list-skills.js'
import { runInstall } from '../install/run-install.js'
import type { InstallerOptions } from '../project/project.js'
import { installerPaths } from '../project/project.js'
import { writeInstalledState } from '../state/installed-state.js'
import { agentPlacements } from './agents.js'

let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-placements-'))
})

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

function options(projectRoot: string, scope: 'project' | 'user' = 'project'): InstallerOptions {
  return installerTestOptions(work, {
    projectRoot,
    scope,
    registry: 'http://127.0.0.1:9',
    clientFor: () => {
      throw new Error('these installs read local folders only')
    },
  })
}

const summary = (list: ReturnType<typeof agentPlacements>, root: string) =>
  list.map((p) => ({ dir: p.skillsDir.slice(root.length + 1), method: p.method, agents: p.agents }))

describe('agentPlacements', () => {
  const root = '/repo'

  it('serves agents that read .agents/skills from the real folder there, with no links', () => {
    const six = ['qoder', 'claude-code', 'codex', 'cursor', 'copilot', 'gemini']
    expect(summary(agentPlacements(six, options(root), false), root)).toEqual([
      { dir: '.qoder/skills', method: 'folder', agents: ['qoder'] },
      { dir: '.claude/skills', method: 'folder', agents: ['claude-code'] },
      { dir: '.agents/skills', method: 'folder', agents: ['codex', 'cursor', 'copilot', 'gemini'] },
    ])
  })

  it('links agents that read only their own folder, adding the shared folder they point at', () => {
    expect(summary(agentPlacements(['windsurf', 'cursor'], options(root), false), root)).toEqual([
      { dir: '.agents/skills', method: 'folder', agents: ['cursor'] },
      { dir: '.windsurf/skills', method: 'symlink', agents: ['windsurf'] },
    ])
    expect(summary(agentPlacements(['windsurf'], options(root), false), root)).toEqual([
      { dir: '.agents/skills', method: 'folder', agents: ['generic'] },
      { dir: '.windsurf/skills', method: 'symlink', agents: ['windsurf'] },
    ])
  })

  it('links in the user scope, where Cursor reads only its own folder', () => {
    const home = join(work, 'home')
    const list = agentPlacements(['cursor', 'codex'], options(root, 'user'), false)
    expect(summary(list, home)).toEqual([
      { dir: '.agents/skills', method: 'folder', agents: ['codex'] },
      { dir: '.cursor/skills', method: 'symlink', agents: ['cursor'] },
    ])
  })

  it('gives real folders instead of links in copy mode', () => {
    expect(summary(agentPlacements(['windsurf', 'gemini'], options(root), true), root)).toEqual([
      { dir: '.windsurf/skills', method: 'folder', agents: ['windsurf'] },
      { dir: '.agents/skills', method: 'folder', agents: ['gemini'] },
    ])
  })
})

describe('install for agents served by .agents/skills', () => {
  it('replaces the links an earlier install made for them and reports each agent on the shared folder', async () => {
    const project = join(work, 'upgraded')
    await mkdir(project, { recursive: true })
    const source = await writeTestSkill(join(work, 'sources'), 'shared-skill')
    await writeFile(
      join(project, 'skillship.json'),
      JSON.stringify({
        agents: ['cursor', 'gemini'],
        skills: { 'shared-skill': `file:${source}` },
      }),
    )
    // An earlier skillship linked .cursor/skills/shared-skill to the shared folder and recorded it.
    const link = join(project, '.cursor/skills/shared-skill')
    await mkdir(join(project, '.cursor/skills'), { recursive: true })
    await symlink('../../.agents/skills/shared-skill', link)
    const earlier = { agent: 'cursor', name: 'shared-skill', integrity: 'sha512-x' }
    await writeInstalledState(installerPaths(options(project)).state, {
      version: 1,
      skills: [{ ...earlier, path: link, method: 'symlink' }],
    })

    const result = await runInstall(options(project), { skipRuntimes: true })

    const shared = join(project, '.agents/skills/shared-skill')
    expect(result.removed).toEqual([link])
    await expect(lstat(link)).rejects.toMatchObject({ code: 'ENOENT' })
    expect(await readFile(join(shared, 'SKILL.md'), 'utf8')).toContain('name: shared-skill')
    expect(result.agents.map((a) => [a.agent, a.path, a.method, a.verified])).toEqual([
      ['cursor', shared, 'folder', true],
      ['gemini', shared, 'folder', true],
    ])
    await expect(readlink(shared)).rejects.toMatchObject({ code: 'EINVAL' })
    const agentsListed = async () =>
      (await listSkills(options(project))).skills[0]?.placements.map((p) => [p.agent, p.path])
    expect(await agentsListed()).toEqual([
      ['cursor', shared],
      ['gemini', shared],
    ])

    // Cursor dropped: the folder stays for Gemini, and only Gemini is listed for it.
    await writeFile(
      join(project, 'skillship.json'),
      JSON.stringify({ agents: ['gemini'], skills: { 'shared-skill': `file:${source}` } }),
    )
    const again = await runInstall(options(project), { skipRuntimes: true })
    expect([again.changed, again.removed]).toEqual([0, []])
    expect(await agentsListed()).toEqual([['gemini', shared]])
    expect(await readFile(join(shared, 'SKILL.md'), 'utf8')).toContain('name: shared-skill')
  })
})
