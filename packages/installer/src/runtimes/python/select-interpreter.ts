import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import type { PythonInterpreter } from './find-python-interpreters.js'
import { matchesSpecifier } from './pep440-specifier.js'
import { comparePep440Versions, parsePep440Version } from './pep440-version.js'

const originRank = { SKILLSHIP_PYTHON: 0, PATH: 1, pyenv: 2 } as const

// Hints suggest a released minor version: the newest satisfying one up to this, else the oldest
// satisfying one above it.
const newestKnownMinor = 13
const suggestableMinors = Array.from({ length: 15 }, (_, index) => 6 + index)

/**
 * The preferred interpreter of `found` (as findPythonInterpreters lists them) that satisfies
 * `requiresPython`: SKILLSHIP_PYTHON first, then PATH order, then the newest pyenv version. Python
 * 2 is taken only when a `requiresPython` is given and admits it. Throws RUNTIME_PYTHON_NOT_FOUND
 * listing what was found, and RUNTIME_DECLARATION_INVALID for a malformed specifier.
 */
export function selectInterpreter(
  found: readonly PythonInterpreter[],
  requiresPython: string | undefined,
): PythonInterpreter {
  const spec = requiresPython?.trim() || undefined
  const chosen = preferenceOrder(found).find((interpreter) => {
    if (spec === undefined) return !isPython2(interpreter.version)
    return matchesSpecifier(interpreter.version, spec)
  })
  if (chosen === undefined) throw notFound(found, spec)
  return chosen
}

function preferenceOrder(found: readonly PythonInterpreter[]): PythonInterpreter[] {
  // Array sort is stable: PATH entries keep their PATH order.
  return [...found].sort((a, b) => {
    const byOrigin = originRank[a.origin] - originRank[b.origin]
    if (byOrigin !== 0 || a.origin !== 'pyenv') return byOrigin
    return compareVersionText(b.version, a.version)
  })
}

function compareVersionText(a: string, b: string): number {
  const [left, right] = [parsePep440Version(a), parsePep440Version(b)]
  return left === undefined || right === undefined ? 0 : comparePep440Versions(left, right)
}

function isPython2(version: string): boolean {
  return version.startsWith('2.')
}

function notFound(found: readonly PythonInterpreter[], spec: string | undefined): SkillshipError {
  const wanted = spec === undefined ? 'Python 3' : `requires-python '${spec}'`
  const listed = found.map(({ path, version }) => `${path} (${version})`)
  const what = listed.length === 0 ? 'none' : listed.join(', ')
  const suggestion = suggestVersion(spec)
  const install =
    suggestion === undefined
      ? 'Install a matching Python (`pyenv install --list` shows what pyenv can build)'
      : `Install one, e.g. \`pyenv install ${suggestion}\``
  return new SkillshipError(
    RuntimeErrorCode.PythonNotFound,
    `No Python interpreter on this machine satisfies ${wanted}. Found: ${what}.`,
    {
      hint: `${install}, or set SKILLSHIP_PYTHON to the path of an interpreter that satisfies ${wanted}.`,
      details: { requiresPython: spec ?? null, found: found.map((entry) => ({ ...entry })) },
    },
  )
}

// A `pyenv install 3.N` target whose latest patch release satisfies the spec, if any.
function suggestVersion(spec: string | undefined): string | undefined {
  const satisfying = suggestableMinors.filter(
    (minor) => spec === undefined || matchesSpecifier(`3.${minor}.99`, spec),
  )
  const known = satisfying.filter((minor) => minor <= newestKnownMinor)
  const minor = known.at(-1) ?? satisfying[0]
  return minor === undefined ? undefined : `3.${minor}`
}
