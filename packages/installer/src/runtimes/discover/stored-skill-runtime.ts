import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { replaceFileSync } from '../../shared/helpers.js'
import { discoverSkillRuntime } from './discover-skill-runtime.js'
import type { SkillRuntimeNeeds } from './skill-runtime-needs.js'

/** Bumped whenever discovery would find something else in the same files. */
const discoveryVersion = 1

/** The cache file of a store entry (beside `index.json`, outside the sealed `skill/` folder). */
export function runtimeNeedsCachePath(skillDir: string): string {
  return join(dirname(skillDir), `runtime-needs.v${discoveryVersion}.json`)
}

/**
 * What the scripts of the stored skill at `skillDir` need (discoverSkillRuntime), discovered
 * once per store entry: an entry's files never change (store-seal.ts), so the answer is kept in
 * the entry folder and read back by later installs. Failures are never cached (they are thrown
 * again by the next discovery). A cache this user cannot write is skipped; an unreadable or
 * malformed one is discovered and written again.
 */
export async function storedSkillRuntime(skillDir: string): Promise<SkillRuntimeNeeds> {
  const path = runtimeNeedsCachePath(skillDir)
  const cached = readCached(path)
  if (cached !== undefined) return cached
  const needs = await discoverSkillRuntime(skillDir)
  writeCached(path, needs)
  return needs
}

function readCached(path: string): SkillRuntimeNeeds | undefined {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
  try {
    const value = JSON.parse(text) as { python?: unknown; node?: unknown }
    if (!isObjectOrNull(value.python) || !isObjectOrNull(value.node)) return undefined
    return {
      python: (value.python ?? undefined) as SkillRuntimeNeeds['python'],
      node: (value.node ?? undefined) as SkillRuntimeNeeds['node'],
    }
  } catch (error) {
    if (error instanceof SyntaxError) return undefined
    throw error
  }
}

function isObjectOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'object' && !Array.isArray(value))
}

// Another user's store, or a read-only one: discovery simply runs again next time.
const cannotWrite = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOENT'])

function writeCached(path: string, needs: SkillRuntimeNeeds): void {
  try {
    replaceFileSync(
      path,
      JSON.stringify({ python: needs.python ?? null, node: needs.node ?? null }),
    )
  } catch (error) {
    if (!cannotWrite.has(errnoCode(error) ?? '')) throw error
  }
}
