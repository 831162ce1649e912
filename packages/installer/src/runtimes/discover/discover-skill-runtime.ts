import { runPool } from '../../shared/helpers.js'
import { findDeclarationFiles } from './find-declaration-files.js'
import { mergePythonDeclarations } from './merge-python-declarations.js'
import type { PythonDeclaration } from './python-declaration.js'
import { readInlineScriptMetadata } from './read-inline-script-metadata.js'
import { readPackageJson } from './read-package-json.js'
import { readPyprojectToml } from './read-pyproject-toml.js'
import { readRequirementsTxt } from './read-requirements-txt.js'
import { selectNodeNeeds } from './select-node-needs.js'
import type { SkillRuntimeNeeds } from './skill-runtime-needs.js'

/**
 * What a skill's scripts need, from PEP 723 blocks in any `*.py`, `requirements.txt` (root or
 * `scripts/`), the root `pyproject.toml` and `package.json` (root or `scripts/`). Walks the skill
 * once and reads only those files. Unreadable declarations throw RUNTIME_DECLARATION_INVALID,
 * contradicting ones RUNTIME_DEPENDENCY_CONFLICT.
 */
export async function discoverSkillRuntime(skillDir: string): Promise<SkillRuntimeNeeds> {
  const files = await findDeclarationFiles(skillDir)
  const [inline, requirementsTxt, pyproject, packageJson] = await Promise.all([
    readInlineScripts(skillDir, files.pythonFiles),
    Promise.all(files.requirementsTxt.map((file) => readRequirementsTxt(skillDir, file))),
    files.pyprojectToml === undefined
      ? undefined
      : readPyprojectToml(skillDir, files.pyprojectToml),
    Promise.all(files.packageJson.map((file) => readPackageJson(skillDir, file))),
  ])
  // A fixed order (pyproject, requirements files, scripts by path) keeps conflict messages stable.
  const python: PythonDeclaration[] = [
    ...(pyproject === undefined ? [] : [pyproject]),
    ...requirementsTxt,
    ...inline.filter((declaration) => declaration !== undefined),
  ]
  return {
    python: mergePythonDeclarations(skillDir, python),
    node: selectNodeNeeds(skillDir, packageJson, files.present),
  }
}

// Bounded, so that a skill with thousands of `.py` files does not exhaust file descriptors.
const readConcurrency = 16

async function readInlineScripts(
  skillDir: string,
  files: readonly string[],
): Promise<(PythonDeclaration | undefined)[]> {
  const declarations: (PythonDeclaration | undefined)[] = new Array(files.length)
  await runPool(files.length, readConcurrency, async (index) => {
    declarations[index] = await readInlineScriptMetadata(skillDir, files[index] as string)
  })
  return declarations
}
