import { realpath, stat } from 'node:fs/promises'
import { isAbsolute, relative, resolve, sep } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'

/**
 * The absolute path of `script` inside the skill folder: a relative path (`scripts/run.py`, or a
 * bare name looked up in `scripts/` when not at the root) to a regular file whose real location
 * stays inside the skill. Anything else is RUNTIME_SCRIPT_NOT_FOUND, never a file elsewhere.
 */
export async function locateScript(skillDir: string, script: string): Promise<string> {
  if (script === '' || isAbsolute(script)) throw notFound(skillDir, script)
  const root = await realpath(skillDir)
  const candidates = script.includes('/') ? [script] : [script, `scripts/${script}`]
  for (const candidate of candidates) {
    const found = await regularFileInside(root, resolve(root, candidate))
    if (found !== undefined) return found
  }
  throw notFound(skillDir, script)
}

async function regularFileInside(root: string, path: string): Promise<string | undefined> {
  let real: string
  try {
    real = await realpath(path)
  } catch (error) {
    const code = errnoCode(error)
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw error
  }
  const inside = relative(root, real)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || isAbsolute(inside)) {
    return undefined
  }
  return (await stat(real)).isFile() ? real : undefined
}

function notFound(skillDir: string, script: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.ScriptNotFound,
    `The skill at ${skillDir} has no script ${JSON.stringify(script)}`,
    {
      hint: 'Give the path inside the skill, e.g. scripts/run.py (a bare name is also looked up in scripts/).',
      path: script,
    },
  )
}
