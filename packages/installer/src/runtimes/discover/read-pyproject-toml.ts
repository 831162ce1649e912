import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { invalidDeclaration } from './declaration-errors.js'
import { parseTomlDeclaration } from './parse-toml-declaration.js'
import { type PythonDeclaration, pythonDeclarationFromTable } from './python-declaration.js'

/**
 * The `[project]` dependencies and `requires-python` of a skill's `pyproject.toml`; undefined when
 * it declares neither (a pyproject.toml holding only tool settings declares nothing).
 */
export async function readPyprojectToml(
  skillDir: string,
  file: string,
): Promise<PythonDeclaration | undefined> {
  const table = parseTomlDeclaration(skillDir, file, await readFile(join(skillDir, file), 'utf8'))
  const project = table['project']
  if (project === undefined) return undefined
  if (typeof project !== 'object' || project === null || Array.isArray(project)) {
    throw invalidDeclaration(skillDir, file, '"project" must be a table.')
  }
  const fields = project as Record<string, unknown>
  if (fields['dependencies'] === undefined && fields['requires-python'] === undefined) {
    return undefined
  }
  return pythonDeclarationFromTable(skillDir, file, fields, '[project]')
}
