import { lstat, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { decodeSkillMd } from '../../encoding/decode-skill-md.js'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { errnoCode, isSkillshipError, SkillshipError } from '../../errors/skillship-error.js'
import { fixSkillMd } from '../../fix/fix-skill-md.js'
import { writeFileAtomic } from '../fs/write-file-atomic.js'

/**
 * Applies `lint --fix` to the SKILL.md of a skill directory: saves it as UTF-8 without BOM, with LF
 * line endings and a single-line quoted description. Writes a temporary file next to it and renames
 * it into place, so a crash never leaves half a file; keeps the file mode. Leaves alone a SKILL.md
 * that is a symlink, missing, or not decodable (lint reports those). Returns what changed.
 */
export async function fixSkillDirectory(dir: string): Promise<string[]> {
  const file = await locateSkillMd(dir)
  if (!file) return []
  const bytes = await readFile(file.path)
  let decoded: ReturnType<typeof decodeSkillMd>
  try {
    decoded = decodeSkillMd(bytes)
  } catch (error) {
    if (isSkillshipError(error) && error.code === SkillErrorCode.EncodingInvalid) return []
    throw error
  }
  const encodingChange =
    decoded.encoding === 'utf-8' ? [] : [`saved as UTF-8 without BOM (was ${decoded.encoding})`]
  const fix = fixSkillMd(decoded.text, { changes: encodingChange })
  if (fix.changes.length === 0) return []
  try {
    await writeFileAtomic(file.path, fix.text, { mode: file.mode })
  } catch (error) {
    throw new SkillshipError(SkillErrorCode.FixFailed, `Cannot rewrite ${file.path}`, {
      hint: 'Check that the skill folder is writable.',
      cause: error,
      path: file.path,
    })
  }
  return [...fix.changes]
}

async function locateSkillMd(dir: string): Promise<{ path: string; mode: number } | undefined> {
  for (const name of ['SKILL.md', 'skill.md']) {
    const path = join(dir, name)
    try {
      const info = await lstat(path)
      return info.isFile() ? { path, mode: info.mode & 0o777 } : undefined
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error
    }
  }
  return undefined
}
