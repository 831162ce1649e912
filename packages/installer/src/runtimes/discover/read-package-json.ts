import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isJsonRecord } from '@skillship/core/plain-data'
import { invalidDeclaration } from './declaration-errors.js'

/** What one `package.json` of a skill declares. */
export interface PackageJsonDeclaration {
  /** Skill-relative, `/`-separated. */
  readonly file: string
  readonly dependencies: Record<string, string>
  /** `engines.node`. */
  readonly engines: string | undefined
}

/** Reads `dependencies` and `engines.node` of a skill's `package.json`; its scripts are ignored. */
export async function readPackageJson(
  skillDir: string,
  file: string,
): Promise<PackageJsonDeclaration> {
  const text = (await readFile(join(skillDir, file), 'utf8')).replace(/^\uFEFF/, '')
  let manifest: unknown
  try {
    manifest = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw invalidDeclaration(skillDir, file, `invalid JSON: ${reason}`, { cause: error })
  }
  if (!isJsonRecord(manifest)) throw invalidDeclaration(skillDir, file, 'must hold a JSON object.')
  return {
    file,
    dependencies: dependenciesOf(skillDir, file, manifest['dependencies']),
    engines: nodeEngineOf(skillDir, file, manifest['engines']),
  }
}

function dependenciesOf(skillDir: string, file: string, value: unknown): Record<string, string> {
  if (value === undefined) return {}
  const invalid = () =>
    invalidDeclaration(skillDir, file, '"dependencies" must map package names to version strings.')
  if (!isJsonRecord(value)) throw invalid()
  const dependencies: Record<string, string> = {}
  for (const [name, spec] of Object.entries(value)) {
    if (typeof spec !== 'string') throw invalid()
    dependencies[name] = spec
  }
  return dependencies
}

function nodeEngineOf(skillDir: string, file: string, value: unknown): string | undefined {
  if (value === undefined) return undefined
  if (!isJsonRecord(value)) throw invalidDeclaration(skillDir, file, '"engines" must be an object.')
  const node = value['node']
  if (node === undefined || typeof node === 'string') return node
  throw invalidDeclaration(skillDir, file, '"engines.node" must be a version range string.')
}
