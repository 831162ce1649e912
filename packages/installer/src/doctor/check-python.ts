import { isSkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import type { PythonInterpreter } from '../runtimes/python/interpreters.js'
import { selectInterpreter } from '../runtimes/python/python-env.js'
import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { type Finding, finding } from './finding.js'

const name = 'python'

// What selectInterpreter reports about one skill's `requires-python`.
const verdictCodes = new Set<string>([
  RuntimeErrorCode.PythonNotFound,
  RuntimeErrorCode.DeclarationInvalid,
])

/**
 * The Python interpreters found (SKILLSHIP_PYTHON, PATH, pyenv), and for every installed skill
 * with Python needs the one its environment would be made from, or RUNTIME_PYTHON_NOT_FOUND with
 * its hint when none satisfies its `requires-python`. A broken SKILLSHIP_PYTHON is an error here.
 */
export const pythonCheck: DoctorCheck = {
  name,
  async run(context) {
    let found: PythonInterpreter[]
    try {
      found = await context.pythonInterpreters()
    } catch (error) {
      return [errorFinding(name, error)]
    }
    const findings: Finding[] = found.map((interpreter) =>
      finding(
        name,
        'ok',
        `Python ${interpreter.version} at ${interpreter.path} (${interpreter.origin})`,
        {
          path: interpreter.path,
        },
      ),
    )
    const needing = (await context.installedSkills()).flatMap((skill) =>
      'needs' in skill && skill.needs.python !== undefined
        ? [{ skill, python: skill.needs.python }]
        : [],
    )
    if (found.length === 0 && needing.length === 0) {
      findings.push(
        finding(name, 'ok', 'no Python interpreter found; no installed skill needs one'),
      )
    }
    for (const { skill, python } of needing) {
      const wanted =
        python.requiresPython === undefined
          ? 'Python 3'
          : `requires-python ${python.requiresPython}`
      try {
        const chosen = selectInterpreter(found, python.requiresPython)
        findings.push(
          finding(
            name,
            'ok',
            `skill ${skill.name}: ${wanted} -> Python ${chosen.version} at ${chosen.path}`,
          ),
        )
      } catch (error) {
        if (!isSkillshipError(error) || !verdictCodes.has(error.code)) throw error
        findings.push(errorFinding(name, error, `skill ${skill.name}: `))
      }
    }
    return findings
  },
}
