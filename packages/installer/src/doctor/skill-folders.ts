import { readdir, realpath, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

/** One skill folder an agent would scan, as found in a skills folder. */
export interface SkillFolder {
  readonly name: string
  /** `<skillsDir>/<name>` (a real folder or a link to one). */
  readonly path: string
  /** Where it resolves: agents reading the same real folder through several links read it once. */
  readonly realPath: string
}

// A link to something gone or looping is the links check's finding, not a skill folder.
const unreachable = new Set(['ENOENT', 'ELOOP', 'ENOTDIR'])

/**
 * The skill folders in `skillsDir`: every folder or link to a folder whose name does not start
 * with a dot (agents skip hidden entries; staging never sits inside). A missing skills folder
 * holds none.
 */
export async function skillFolders(skillsDir: string): Promise<SkillFolder[]> {
  let names: string[]
  try {
    names = await readdir(skillsDir)
  } catch (error) {
    if (unreachable.has(errnoCode(error) ?? '')) return []
    throw error
  }
  const folders: SkillFolder[] = []
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue
    const path = join(skillsDir, name)
    try {
      if (!(await stat(path)).isDirectory()) continue
      folders.push({ name, path, realPath: await realpath(path) })
    } catch (error) {
      if (!unreachable.has(errnoCode(error) ?? '')) throw error
    }
  }
  return folders
}
