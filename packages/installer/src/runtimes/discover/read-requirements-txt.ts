import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { parseRequirement } from '../python/requirements.js'
import { invalidDeclaration } from './declaration-errors.js'
import type { PythonDeclaration } from './python-declaration.js'
import { requirementsTxtLines } from './requirements-txt-lines.js'

const optionsHint =
  'List each dependency as a PEP 508 requirement (name, version specifiers, extras, markers). ' +
  'Index and proxy settings belong in pip.conf or PIP_* variables, which skillship passes on.'

// A pip option after a requirement, such as `--hash=sha256:...`.
const trailingOption = /\s-{1,2}[A-Za-z]/

/**
 * The requirements of a skill's `requirements.txt`. Only PEP 508 lines are accepted: pip options
 * (`-r`, `-c`, `-e`, `--index-url`, `--hash`, ...) and bare paths or URLs are refused with their
 * line, because an isolated environment is built from requirements alone.
 */
export async function readRequirementsTxt(
  skillDir: string,
  file: string,
): Promise<PythonDeclaration> {
  const content = await readFile(join(skillDir, file), 'utf8')
  const requirements = requirementsTxtLines(content).map(({ line, text }) => {
    if (text.startsWith('-') || trailingOption.test(text)) {
      throw invalidDeclaration(
        skillDir,
        file,
        `line ${line}: pip options are not supported in a skill's requirements ("${text}").`,
        { hint: optionsHint },
      )
    }
    const parsed = parseRequirement(text)
    if (!parsed.ok) {
      throw invalidDeclaration(
        skillDir,
        file,
        `line ${line}: not a PEP 508 requirement: ${parsed.problem}.`,
        { hint: optionsHint },
      )
    }
    return parsed.requirement
  })
  return { file, requirements, requiresPython: [] }
}
