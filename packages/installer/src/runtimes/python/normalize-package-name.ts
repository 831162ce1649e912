/**
 * A PEP 503 normalised distribution name (also extras, PEP 685): lowercase, each run of `-`, `_`,
 * `.` one `-`, surrounding whitespace removed. `Foo_Bar` and `foo.bar` name the same distribution.
 */
export function normalizePackageName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/[-_.]+/g, '-')
}
