import { parseSpecifierSet } from '../python/pep440-specifier.js'
import {
  formatSpecifierClause,
  parseRequirement,
  type Requirement,
} from '../python/requirements.js'
import { invalidDeclaration } from './declaration-errors.js'

/** What one file declares for Python. */
export interface PythonDeclaration {
  /** Skill-relative, `/`-separated. */
  readonly file: string
  readonly requirements: readonly Requirement[]
  /** The `requires-python` clauses, spaces removed. */
  readonly requiresPython: readonly string[]
}

/**
 * Reads `dependencies` and `requires-python` from a PEP 723 block or a `[project]` table (`where`
 * names it in messages). Other keys are not ours to check.
 */
export function pythonDeclarationFromTable(
  skillDir: string,
  file: string,
  table: Readonly<Record<string, unknown>>,
  where: string,
): PythonDeclaration {
  const dependencies = table['dependencies'] ?? []
  if (!Array.isArray(dependencies)) {
    throw invalidDeclaration(
      skillDir,
      file,
      `${where}: "dependencies" must be an array of strings.`,
    )
  }
  const requirements = dependencies.map((entry: unknown, index) => {
    if (typeof entry !== 'string') {
      throw invalidDeclaration(skillDir, file, `${where}: dependencies[${index}] is not a string.`)
    }
    const parsed = parseRequirement(entry)
    if (!parsed.ok) {
      throw invalidDeclaration(
        skillDir,
        file,
        `${where}: dependencies[${index}] is not a PEP 508 requirement: ${parsed.problem}.`,
      )
    }
    return parsed.requirement
  })
  return { file, requirements, requiresPython: requiresPythonOf(skillDir, file, table, where) }
}

function requiresPythonOf(
  skillDir: string,
  file: string,
  table: Readonly<Record<string, unknown>>,
  where: string,
): string[] {
  const value = table['requires-python']
  if (value === undefined) return []
  if (typeof value !== 'string') {
    throw invalidDeclaration(skillDir, file, `${where}: "requires-python" must be a string.`)
  }
  const parsed = parseSpecifierSet(value)
  if (!parsed.ok) {
    throw invalidDeclaration(skillDir, file, `${where}: "requires-python": ${parsed.problem}.`)
  }
  return parsed.value.map(formatSpecifierClause)
}
