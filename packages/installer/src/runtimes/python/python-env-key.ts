import { createHash } from 'node:crypto'
import { compareText } from '@skillship/core/plain-data'
import type { LockedPythonPackage } from './locked-python-package.js'
import { normalizePackageName } from './normalize-package-name.js'
import { parseRequirement } from './parse-requirement.js'

/** What identifies an environment: two inputs with the same key may share one venv. */
export interface PythonEnvKeyInput {
  /** The interpreter's major.minor.micro version. */
  readonly interpreterVersion: string
  readonly requirements: readonly string[]
  /** For a frozen install: the exact packages (normalised with normalizeLockedPackages). */
  readonly locked?: readonly LockedPythonPackage[]
}

// Bump when the meaning of an environment's content changes, so old keys are never reused.
const keyFormat = 'skillship-python-env/1'

/**
 * A stable 32-hex-digit key (a truncated SHA-256) of the interpreter version and the normalised,
 * sorted, deduplicated requirement set, plus the locked packages when given: the same inputs in
 * any order or spelling give the same key.
 */
export function pythonEnvKey(input: PythonEnvKeyInput): string {
  if (!/^\d+\.\d+\.\d+$/.test(input.interpreterVersion)) {
    throw new Error(`interpreterVersion must be major.minor.micro, got ${input.interpreterVersion}`)
  }
  const requirements = [...new Set(input.requirements.map(normalizeRequirement))].sort()
  const locked = input.locked?.map(({ name, version, hashes }) =>
    [`${name}==${version}`, ...(hashes ?? [])].join(' '),
  )
  const identity = JSON.stringify([
    keyFormat,
    input.interpreterVersion,
    requirements,
    locked ?? null,
  ])
  return createHash('sha256').update(identity).digest('hex').slice(0, 32)
}

/**
 * A PEP 508 requirement in one canonical spelling for keys, the one parseRequirement gives
 * (normalised name and extras, extras and clauses sorted, marker single-spaced):
 * `Foo_Bar >= 1, <2` -> `foo-bar<2,>=1`. Text that is not PEP 508 (a path or URL) only loses its
 * whitespace.
 */
export function normalizeRequirement(requirement: string): string {
  const parsed = parseRequirement(requirement)
  return parsed.ok ? parsed.requirement.text : requirement.replace(/\s+/g, '')
}

/** Locked packages in canonical form: normalised names, sorted by name, hashes sorted lowercase. */
export function normalizeLockedPackages(
  locked: readonly LockedPythonPackage[],
): LockedPythonPackage[] {
  return locked
    .map(({ name, version, hashes }) => ({
      name: normalizePackageName(name),
      version: version.trim(),
      ...(hashes === undefined
        ? {}
        : { hashes: [...new Set(hashes.map((h) => h.toLowerCase()))].sort() }),
    }))
    .sort((a, b) => compareText(a.name, b.name))
}
