import { open } from 'node:fs/promises'
import { extname } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import type { SkillRunPlan } from './skill-run-plan.js'

const byExtension: Readonly<Record<string, SkillRunPlan['runner']>> = {
  '.py': 'python',
  '.js': 'node',
  '.mjs': 'node',
  '.cjs': 'node',
  '.sh': 'shell',
  '.bash': 'shell',
}

/**
 * How a script is run: by its extension (Python, JavaScript, shell), else by a `#!` first line
 * (run as the file itself). RUNTIME_SCRIPT_UNSUPPORTED for anything else.
 */
export async function chooseRunner(script: string): Promise<SkillRunPlan['runner']> {
  const known = byExtension[extname(script).toLowerCase()]
  if (known !== undefined) return known
  if (await startsWithShebang(script)) return 'shebang'
  throw new SkillshipError(
    RuntimeErrorCode.ScriptUnsupported,
    `Cannot tell how to run ${script}: not .py, .js/.mjs/.cjs or .sh, and no #! line`,
    { hint: 'Add a #! line to the script, or run it with its interpreter yourself.', path: script },
  )
}

async function startsWithShebang(path: string): Promise<boolean> {
  const handle = await open(path, 'r')
  try {
    const head = Buffer.alloc(2)
    const { bytesRead } = await handle.read(head, 0, 2, 0)
    return bytesRead === 2 && head.toString('latin1') === '#!'
  } finally {
    await handle.close()
  }
}
