// semver.org 2.0.0, the official regular expression (numeric parts without leading zeros).
const semverPattern =
  /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/

/** True when `version` is a valid semantic version (2.0.0), e.g. `1.2.3` or `2.0.0-rc.1`. */
export function isSemver(version: string): boolean {
  return version.length <= 256 && semverPattern.test(version)
}
