import { compareText } from '@skillship/core/plain-data'
import { dependencyConflict } from './declaration-errors.js'
import type { PythonDeclaration } from './python-declaration.js'
import type { PythonNeeds } from './skill-runtime-needs.js'

/**
 * Merges the Python declarations of one skill (in file order). Equal requirements merge; two
 * different requirements for the same distribution under the same marker are a
 * RUNTIME_DEPENDENCY_CONFLICT (different markers select different platforms, so they coexist).
 * `requires-python` clauses are all kept: an interpreter must satisfy every file.
 */
export function mergePythonDeclarations(
  skillDir: string,
  declarations: readonly PythonDeclaration[],
): PythonNeeds | undefined {
  if (declarations.length === 0) return undefined
  const byTarget = new Map<string, { file: string; declared: string }>()
  const requirements = new Set<string>()
  const clauses = new Set<string>()
  for (const declaration of declarations) {
    for (const requirement of declaration.requirements) {
      const target = `${requirement.name}\0${requirement.marker ?? ''}`
      const earlier = byTarget.get(target)
      const current = { file: declaration.file, declared: requirement.text }
      if (earlier === undefined) byTarget.set(target, current)
      else if (earlier.declared !== requirement.text) {
        throw dependencyConflict(skillDir, `"${requirement.name}"`, earlier, current)
      }
      requirements.add(requirement.text)
    }
    for (const clause of declaration.requiresPython) clauses.add(clause)
  }
  return {
    requiresPython: clauses.size === 0 ? undefined : [...clauses].join(','),
    requirements: [...requirements].sort(compareText),
    declaredIn: [...new Set(declarations.map(({ file }) => file))].sort(compareText),
  }
}
