import { opendir } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { statIfExists } from '../shared/helpers.js'
import { pluginSkillFolders } from './plugin-manifests.js'
import { type RepoRoot, repoRoot, resolveInRepo } from './repo-path.js'

/** The folders of skills that clients of the Agent Skills spec look into, relative to the root. */
const skillContainers = ['skills', '.agents/skills', '.claude/skills'] as const
/** More skill folders than this is not a skills repository discovery should walk. */
export const maxDiscoveredSkills = 1000
// Entries read from one container folder (most are skills; the rest are skipped quickly).
const maxEntriesPerFolder = 10_000

/**
 * The skill folders of a checked-out repository, as posix paths relative to `checkout` (`.` for a
 * root skill), in a stable order without duplicates (by real location): a root `SKILL.md`, every
 * `<container>/<name>/SKILL.md` for the containers above, and what Claude Code plugin manifests
 * name (see pluginSkillFolders). A container or skill folder that leaves the repository through
 * a symlink is INSTALL_GIT_UNSAFE_PATH; more than 1,000 skills INSTALL_GIT_TOO_MANY_SKILLS.
 */
export async function discoverSkillFolders(checkout: string): Promise<string[]> {
  const root = await repoRoot(checkout)
  const found = new Set<string>()
  const add = (folder: string) => {
    found.add(folder)
    if (found.size > maxDiscoveredSkills) throw tooMany()
  }
  if (await hasSkillMd(root, '.')) add('.')
  const containers = [...skillContainers, ...(await pluginSkillFolders(root))]
  for (const container of containers) {
    const folder = await resolveInRepo(root, '.', container, `the folder ${container}`)
    if (folder === undefined) continue
    if (folder !== '.' && (await hasSkillMd(root, folder))) add(folder)
    else for (const skill of await skillsIn(root, folder)) add(skill)
  }
  return [...found]
}

async function hasSkillMd(root: RepoRoot, folder: string): Promise<boolean> {
  return (await statIfExists(join(root.path, folder, 'SKILL.md')))?.isFile() === true
}

// The direct subfolders of `folder` holding a SKILL.md (hidden ones skipped), sorted by name.
async function skillsIn(root: RepoRoot, folder: string): Promise<string[]> {
  if ((await statIfExists(join(root.path, folder)))?.isDirectory() !== true) return []
  const names: string[] = []
  let read = 0
  for await (const entry of await opendir(join(root.path, folder))) {
    read += 1
    if (read > maxEntriesPerFolder) throw tooMany()
    if (!entry.name.startsWith('.') && (entry.isDirectory() || entry.isSymbolicLink()))
      names.push(entry.name)
  }
  const skills: string[] = []
  for (const name of names.sort()) {
    const child = await resolveInRepo(root, folder, name, `the skill folder ${folder}/${name}`)
    if (child !== undefined && child !== '.' && (await hasSkillMd(root, child))) skills.push(child)
  }
  return skills
}

function tooMany(): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.GitTooManySkills,
    `The repository holds more than ${maxDiscoveredSkills} skill folders`,
    {
      hint: 'Name the skill folder with #<ref>&path=<dir>.',
      details: { max: maxDiscoveredSkills },
    },
  )
}
