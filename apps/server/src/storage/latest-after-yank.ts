import semver from 'semver'

/**
 * Where `latest` goes when the version it points at is yanked: the highest version that is not
 * yanked, a release before any prerelease; undefined when every other version is yanked too, in
 * which case `latest` stays (a skill keeps a `latest` while it has versions). Both storage
 * engines call this inside the transaction that yanks, so a reader never sees `latest` on a
 * yanked version while another version could serve.
 */
export function latestAfterYank(
  versions: readonly { readonly version: string; readonly yanked: boolean }[],
): string | undefined {
  let best: string | undefined
  for (const { version, yanked } of versions) {
    if (yanked || semver.valid(version) === null) continue
    if (best === undefined || ranksAbove(version, best)) best = version
  }
  return best
}

function ranksAbove(candidate: string, current: string): boolean {
  const candidateStable = semver.prerelease(candidate) === null
  const currentStable = semver.prerelease(current) === null
  if (candidateStable !== currentStable) return candidateStable
  return semver.gt(candidate, current)
}
