import type { LockedPythonPackage } from './python-env.js'
import { envBuildFailed } from './python-env-errors.js'

/** A requirements file that installs exactly the locked packages. */
export interface FrozenRequirements {
  readonly text: string
  /** True when every line carries hashes: install with --require-hashes. */
  readonly hashed: boolean
}

// A lock is data from a file: each field is checked so no line can smuggle in a pip option.
const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/
const versionPattern = /^[A-Za-z0-9!+._-]+$/
const hashPattern = /^(?:sha256:[0-9a-f]{64}|sha384:[0-9a-f]{96}|sha512:[0-9a-f]{128})$/

/**
 * `name==version` lines for `locked`, each with `--hash=` options when every package has hashes
 * (pip's hash-checking mode is all or nothing). Throws RUNTIME_ENV_BUILD_FAILED for a malformed
 * entry.
 */
export function frozenRequirements(locked: readonly LockedPythonPackage[]): FrozenRequirements {
  for (const entry of locked) checkEntry(entry)
  const hashed = locked.length > 0 && locked.every((entry) => (entry.hashes?.length ?? 0) > 0)
  const lines = locked.map(({ name, version, hashes }) => {
    const pin = `${name}==${version}`
    return hashed ? [pin, ...(hashes ?? []).map((hash) => `--hash=${hash}`)].join(' ') : pin
  })
  return { text: `${lines.join('\n')}\n`, hashed }
}

function checkEntry(entry: LockedPythonPackage): void {
  const badHash = entry.hashes?.find((hash) => !hashPattern.test(hash))
  if (namePattern.test(entry.name) && versionPattern.test(entry.version) && badHash === undefined) {
    return
  }
  throw envBuildFailed({
    step: 'reading the locked packages',
    problem: `the locked package ${JSON.stringify(entry)} is malformed`,
    hint: 'Run `skillship install` without --frozen to lock the Python packages again.',
  })
}
