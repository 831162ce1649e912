import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core'
import { loadSkill, packSkill } from '@skillship/core/node'
import { RegistryErrorCode } from '@skillship/registry-client'
import { publishSkill } from '../publish/publish-skill.js'
import type { RegistryDeps } from './registry-deps.js'

/**
 * Publishes every valid skill folder under `dir` whose version is not published yet (publisher
 * `examples`), so a fresh server has something to serve. Invalid skills are logged and skipped.
 * Returns the `name@version` of each skill published now.
 */
export async function seedSkills(deps: RegistryDeps, dir: string): Promise<string[]> {
  const published: string[] = []
  const entries = await readdir(dir, { withFileTypes: true })
  for (const entry of entries
    .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const skill = await loadSkill(join(dir, entry.name))
    if (!skill.validation.ok) {
      deps.logger.warn({ skill: entry.name }, 'example skill is invalid; not published')
      continue
    }
    const packed = await packSkill(skill)
    try {
      const answer = await publishSkill(deps, {
        name: packed.name,
        tarball: packed.tarball,
        tag: 'latest',
        private: false,
        publisher: 'examples',
      })
      published.push(`${answer.name}@${answer.version}`)
    } catch (error) {
      if (!isSkillshipError(error) || error.code !== RegistryErrorCode.VersionExists) throw error
    }
  }
  if (published.length > 0) deps.logger.info({ skills: published }, 'published example skills')
  return published
}
