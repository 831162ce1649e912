import { stat } from 'node:fs/promises'
import { errnoCode, isSkillshipError, type SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import { discoverSkillRuntime } from '../runtimes/discover/discover-skill-runtime.js'
import type { SkillRuntimeNeeds } from '../runtimes/discover/skill-runtime-needs.js'
import { runPool } from '../shared/helpers.js'
import type { InstalledRecord } from '../state/installed-state.js'

/** A skill placed on disk by skillship, with what its scripts need (or why that is unknown). */
export type InstalledSkill =
  | { readonly name: string; readonly dir: string; readonly needs: SkillRuntimeNeeds }
  | { readonly name: string; readonly dir: string; readonly problem: SkillshipError }

// A skill's own declaration problems are findings about that skill; anything else (EACCES,
// EIO) fails the whole read.
const declarationCodes = new Set<string>([
  RuntimeErrorCode.DeclarationInvalid,
  RuntimeErrorCode.DependencyConflict,
])

/**
 * The installed skills of `records` (installed.json), one per name, each discovered on a placed
 * copy that exists: a real folder first, else a link (followed). Skills with no placement left on
 * disk are not listed (the links check reports those). Eight discoveries at a time.
 */
export async function installedSkills(
  records: readonly InstalledRecord[],
): Promise<InstalledSkill[]> {
  const byName = new Map<string, InstalledRecord[]>()
  for (const record of records)
    byName.set(record.name, [...(byName.get(record.name) ?? []), record])
  const names = [...byName.keys()].sort()
  const found: (InstalledSkill | undefined)[] = new Array(names.length)
  await runPool(names.length, 8, async (index) => {
    const name = names[index] as string
    const dir = await placedDir(byName.get(name) ?? [])
    if (dir !== undefined) found[index] = await discovered(name, dir)
  })
  return found.filter((skill) => skill !== undefined)
}

async function placedDir(records: readonly InstalledRecord[]): Promise<string | undefined> {
  const ordered = [...records].sort((a, b) =>
    a.method === b.method ? 0 : a.method === 'folder' ? -1 : 1,
  )
  for (const record of ordered) {
    if (await isFolder(record.path)) return record.path
  }
  return undefined
}

async function isFolder(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory()
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ELOOP') return false
    throw error
  }
}

async function discovered(name: string, dir: string): Promise<InstalledSkill> {
  try {
    return { name, dir, needs: await discoverSkillRuntime(dir) }
  } catch (error) {
    if (isSkillshipError(error) && declarationCodes.has(error.code)) {
      return { name, dir, problem: error }
    }
    throw error
  }
}
