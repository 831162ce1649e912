import { compareText } from '@skillship/core/plain-data'

/** A PEP 440 version, normalised: `1.0-RC1` and `1.0rc1` parse to the same value. */
export interface Pep440Version {
  readonly epoch: number
  readonly release: readonly number[]
  readonly pre: { readonly label: 'a' | 'b' | 'rc'; readonly number: number } | undefined
  readonly post: number | undefined
  readonly dev: number | undefined
  /** Local segments (`+ubuntu.1` -> ['ubuntu', 1]); undefined without a local label. */
  readonly local: readonly (string | number)[] | undefined
}

// PEP 440 appendix B, the canonical pattern (case-insensitive, surrounding whitespace allowed).
const versionPattern = new RegExp(
  [
    '^\\s*v?',
    '(?:(?<epoch>[0-9]+)!)?',
    '(?<release>[0-9]+(?:\\.[0-9]+)*)',
    '(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?',
    '(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?',
    '(?<dev>[-_.]?(?<devL>dev)[-_.]?(?<devN>[0-9]+)?)?',
    '(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?',
    '\\s*$',
  ].join(''),
  'i',
)

const preLabels: Readonly<Record<string, 'a' | 'b' | 'rc'>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
}

/** Parses a PEP 440 version, or returns undefined when `text` is not one. */
export function parsePep440Version(text: string): Pep440Version | undefined {
  const groups = versionPattern.exec(text)?.groups
  if (groups === undefined || groups['release'] === undefined) return undefined
  const preLabel =
    groups['preL'] === undefined ? undefined : preLabels[groups['preL'].toLowerCase()]
  return {
    epoch: groups['epoch'] === undefined ? 0 : Number(groups['epoch']),
    release: groups['release'].split('.').map(Number),
    pre:
      preLabel === undefined ? undefined : { label: preLabel, number: Number(groups['preN'] ?? 0) },
    post:
      groups['post'] === undefined ? undefined : Number(groups['postN1'] ?? groups['postN2'] ?? 0),
    dev: groups['dev'] === undefined ? undefined : Number(groups['devN'] ?? 0),
    local: groups['local']
      ?.toLowerCase()
      .split(/[-_.]/)
      .map((part) => (/^[0-9]+$/.test(part) ? Number(part) : part)),
  }
}

/** Orders two versions as PEP 440 does: negative when `a` sorts before `b`, 0 when equal. */
export function comparePep440Versions(a: Pep440Version, b: Pep440Version): number {
  return (
    a.epoch - b.epoch ||
    compareReleases(a.release, b.release) ||
    preRank(a) - preRank(b) ||
    (a.pre !== undefined && b.pre !== undefined ? a.pre.number - b.pre.number : 0) ||
    (a.post ?? -1) - (b.post ?? -1) ||
    (a.dev ?? Number.POSITIVE_INFINITY) - (b.dev ?? Number.POSITIVE_INFINITY) ||
    compareLocals(a.local, b.local)
  )
}

/** The version without its local label (`1.0+abc` -> `1.0`), as specifiers compare it. */
export function publicPep440Version(version: Pep440Version): Pep440Version {
  return { ...version, local: undefined }
}

/** Release segments compared with trailing zeros ignored (`1.0` == `1.0.0`). */
export function compareReleases(a: readonly number[], b: readonly number[]): number {
  const length = Math.max(a.length, b.length)
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

// A dev release without pre or post (1.0.dev1) sorts before every pre-release of 1.0; a final
// release sorts after them all.
function preRank(version: Pep440Version): number {
  if (version.pre !== undefined) return { a: 1, b: 2, rc: 3 }[version.pre.label]
  if (version.post === undefined && version.dev !== undefined) return 0
  return 4
}

// No local label sorts first; numeric segments sort after alphanumeric ones; a longer label wins
// when one is a prefix of the other.
function compareLocals(
  a: readonly (string | number)[] | undefined,
  b: readonly (string | number)[] | undefined,
): number {
  if (a === undefined || b === undefined)
    return (a === undefined ? 0 : 1) - (b === undefined ? 0 : 1)
  for (let index = 0; index < Math.min(a.length, b.length); index++) {
    const difference = compareLocalSegments(a[index] ?? 0, b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return a.length - b.length
}

function compareLocalSegments(a: string | number, b: string | number): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  if (typeof a === 'number') return 1
  if (typeof b === 'number') return -1
  return compareText(a, b)
}
