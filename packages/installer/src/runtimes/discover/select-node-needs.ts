import { dependencyConflict } from './declaration-errors.js'
import type { PackageJsonDeclaration } from './read-package-json.js'
import type { NodeNeeds } from './skill-runtime-needs.js'

// npm reads npm-shrinkwrap.json in preference to package-lock.json.
const lockfileNames = ['npm-shrinkwrap.json', 'package-lock.json']

/**
 * Picks the `package.json` that describes the skill's Node needs: the one with dependencies (two
 * with dependencies are a RUNTIME_DEPENDENCY_CONFLICT), else the root one. `engines.node` may come
 * from either file, but not differently from both.
 */
export function selectNodeNeeds(
  skillDir: string,
  declarations: readonly PackageJsonDeclaration[],
  present: ReadonlySet<string>,
): NodeNeeds | undefined {
  const withDependencies = declarations.filter((d) => Object.keys(d.dependencies).length > 0)
  const [first, second] = withDependencies
  if (first !== undefined && second !== undefined) {
    throw dependencyConflict(
      skillDir,
      'npm dependencies',
      { file: first.file, declared: JSON.stringify(first.dependencies) },
      { file: second.file, declared: JSON.stringify(second.dependencies) },
    )
  }
  const chosen = first ?? declarations[0]
  if (chosen === undefined) return undefined
  const engines = declarations.filter((d) => d.engines !== undefined)
  const [engineA, engineB] = engines
  if (engineA !== undefined && engineB !== undefined && engineA.engines !== engineB.engines) {
    throw dependencyConflict(
      skillDir,
      'engines.node',
      { file: engineA.file, declared: engineA.engines ?? '' },
      { file: engineB.file, declared: engineB.engines ?? '' },
    )
  }
  const dir = chosen.file.includes('/')
    ? chosen.file.slice(0, chosen.file.lastIndexOf('/') + 1)
    : ''
  return {
    packageJson: chosen.file,
    dependencies: chosen.dependencies,
    engines: engineA?.engines,
    lockfile: lockfileNames.map((name) => `${dir}${name}`).find((path) => present.has(path)),
  }
}
