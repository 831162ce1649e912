// PEP 440 specifier sets (`>=3.10, <4`): parsed from text and matched against versions, as
// requires-python and Python declarations need them. Single clauses: requirements.ts.
import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import {
  comparePep440Versions,
  compareReleases,
  type Pep440Version,
  parsePep440Version,
  parseSpecifierClause,
  publicPep440Version,
  type SpecifierClause,
  type SpecifierParse,
} from './requirements.js'

const clausePattern = /^\s*(~=|===|==|!=|<=|>=|<|>)\s*(\S+)\s*$/

/**
 * True when `version` satisfies every comma-separated clause of the PEP 440 `specifier` (an empty
 * specifier allows everything). Pre-releases match like any version, as pip does when checking
 * `requires-python`. Throws RUNTIME_DECLARATION_INVALID for a specifier that is not PEP 440, and
 * matches nothing for a version that is not (except through `===`).
 */
export function matchesSpecifier(version: string, specifier: string): boolean {
  const clauses = parseSpecifier(specifier)
  const parsed = parsePep440Version(version)
  return clauses.every((clause) => matchesClause(version, parsed, clause))
}

/** Parses a specifier set, throwing RUNTIME_DECLARATION_INVALID for anything not PEP 440. */
export function parseSpecifier(specifier: string): readonly SpecifierClause[] {
  const parsed = parseSpecifierSet(specifier)
  if (!parsed.ok) throw invalid(specifier, parsed.problem)
  return parsed.value
}

/**
 * The clauses of a specifier set such as `>=3.10, <4`, or the first problem. Empty parts are
 * skipped, as `packaging` does (`>=3.9,` is `>=3.9`; `` allows everything).
 */
export function parseSpecifierSet(specifier: string): SpecifierParse<SpecifierClause[]> {
  const clauses: SpecifierClause[] = []
  for (const part of specifier.split(',')) {
    if (part.trim() === '') continue
    const match = clausePattern.exec(part)
    if (match?.[1] === undefined || match[2] === undefined) {
      return { ok: false, problem: `'${part.trim()}' is not a version clause (e.g. >=3.10)` }
    }
    const clause = parseSpecifierClause(match[1], match[2])
    if (!clause.ok) return clause
    clauses.push(clause.value)
  }
  return { ok: true, value: clauses }
}

function matchesClause(
  raw: string,
  version: Pep440Version | undefined,
  clause: SpecifierClause,
): boolean {
  if (clause.operator === '===') return raw.trim().toLowerCase() === clause.text.toLowerCase()
  if (version === undefined || clause.version === undefined) return false
  const spec = clause.version
  switch (clause.operator) {
    case '==':
      return equals(version, spec, clause.wildcard)
    case '!=':
      return !equals(version, spec, clause.wildcard)
    case '~=':
      return compatible(version, spec)
    case '<=':
      return comparePep440Versions(publicPep440Version(version), spec) <= 0
    case '>=':
      return comparePep440Versions(publicPep440Version(version), spec) >= 0
    case '<':
      return lessThan(version, spec)
    case '>':
      return greaterThan(version, spec)
  }
}

// `==1.0` matches `1.0.0` and `1.0+local`; `==1.0+local` only that local version; `==3.*` every
// version whose release starts with 3 (missing segments count as 0).
function equals(version: Pep440Version, spec: Pep440Version, wildcard: boolean): boolean {
  if (wildcard) return version.epoch === spec.epoch && hasReleasePrefix(version, spec.release)
  const candidate = spec.local === undefined ? publicPep440Version(version) : version
  return comparePep440Versions(candidate, spec) === 0
}

function hasReleasePrefix(version: Pep440Version, prefix: readonly number[]): boolean {
  return prefix.every((segment, index) => (version.release[index] ?? 0) === segment)
}

// `~=2.2.1` means `>=2.2.1, ==2.2.*`.
function compatible(version: Pep440Version, spec: Pep440Version): boolean {
  const prefix = spec.release.slice(0, -1)
  return (
    comparePep440Versions(publicPep440Version(version), spec) >= 0 &&
    version.epoch === spec.epoch &&
    hasReleasePrefix(version, prefix)
  )
}

// `<3.0` excludes pre-releases of 3.0 itself (3.0rc1), unless the bound is a pre-release.
function lessThan(version: Pep440Version, spec: Pep440Version): boolean {
  const candidate = publicPep440Version(version)
  if (comparePep440Versions(candidate, spec) >= 0) return false
  const specIsPre = spec.pre !== undefined || spec.dev !== undefined
  const candidateIsPre = version.pre !== undefined || version.dev !== undefined
  return specIsPre || !candidateIsPre || !sameBase(version, spec)
}

// `>1.7` excludes post-releases of 1.7 (unless the bound is one) and local versions of 1.7.
function greaterThan(version: Pep440Version, spec: Pep440Version): boolean {
  if (comparePep440Versions(publicPep440Version(version), spec) <= 0) return false
  if (spec.post === undefined && version.post !== undefined && sameBase(version, spec)) return false
  return version.local === undefined || !sameBase(version, spec)
}

function sameBase(a: Pep440Version, b: Pep440Version): boolean {
  return a.epoch === b.epoch && compareReleases(a.release, b.release) === 0
}

function invalid(specifier: string, problem: string): SkillshipError {
  return new SkillshipError(
    RuntimeErrorCode.DeclarationInvalid,
    `Invalid version specifier '${specifier}': ${problem}.`,
    {
      hint: 'Write PEP 440 clauses separated by commas, e.g. ">=3.9,<3.13" or "==3.11.*".',
      details: { specifier },
    },
  )
}
