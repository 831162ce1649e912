/** One installed distribution of an environment, as a lockfile records it. */
export interface LockedPythonPackage {
  /** The PEP 503 normalised name (`pyyaml`, `typing-extensions`). */
  readonly name: string
  readonly version: string
  /** `<algorithm>:<hex>` digests of the archive installed (`sha256:...`); absent when unknown. */
  readonly hashes?: readonly string[]
}

/**
 * True when `installed` holds exactly the name/version pairs of `locked` and, for every locked
 * package with hashes, was installed from an archive with one of those hashes.
 */
export function satisfiesLock(
  installed: readonly LockedPythonPackage[],
  locked: readonly LockedPythonPackage[],
): boolean {
  if (installed.length !== locked.length) return false
  const byName = new Map(installed.map((entry) => [entry.name, entry]))
  return locked.every((wanted) => {
    const have = byName.get(wanted.name)
    if (have === undefined || have.version !== wanted.version) return false
    if (wanted.hashes === undefined || wanted.hashes.length === 0) return true
    return have.hashes?.some((hash) => wanted.hashes?.includes(hash)) === true
  })
}
