import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'

/**
 * What a request wants to do with a skill. `events` posts experiment outcome events
 * (`POST /v1/events`) and nothing else: it is the scope a deployed client carries, so it opens no
 * private skill and publishes nothing.
 */
export type ScopeAction = 'read' | 'publish' | 'events'

/** A parsed scope: `admin`, or an action on skill names matching a glob (`*` = any characters). */
export type TokenScope =
  | { readonly kind: 'admin' }
  | { readonly kind: ScopeAction; readonly pattern: string }

const scopePattern = /^(read|publish|events):([a-z0-9*][a-z0-9*-]*)$/

/**
 * Parses a scope string: `admin`, `read:<glob>`, `publish:<glob>` or `events:<glob>` where the
 * glob is skill-name characters and `*`. Throws REGISTRY_SCOPE_INVALID otherwise.
 */
export function parseScope(text: string): TokenScope {
  if (text === 'admin') return { kind: 'admin' }
  const match = scopePattern.exec(text)
  if (!match || match[1] === undefined || match[2] === undefined) {
    throw new SkillshipError(RegistryErrorCode.ScopeInvalid, `Invalid token scope '${text}'`, {
      hint: 'Use admin, read:<glob>, publish:<glob> or events:<glob>, e.g. read:* or publish:team-*.',
    })
  }
  return { kind: match[1] as ScopeAction, pattern: match[2] }
}

/** True when `name` matches the glob `pattern` (`*` matches any run of characters). */
export function matchesGlob(pattern: string, name: string): boolean {
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === name
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  if (!name.startsWith(first) || !name.endsWith(last) || name.length < first.length + last.length)
    return false
  let at = first.length
  for (const middle of parts.slice(1, -1)) {
    const found = name.indexOf(middle, at)
    if (found === -1 || found + middle.length > name.length - last.length) return false
    at = found + middle.length
  }
  return true
}

/**
 * True when the scopes allow `action` on the skill `name`. `admin` allows everything; `publish`
 * implies `read` and `events` on the same names (whoever may publish a skill may already stop or
 * roll back its experiments); `events` implies nothing else.
 */
export function scopesAllow(
  scopes: readonly TokenScope[],
  action: ScopeAction,
  name: string,
): boolean {
  return scopes.some(
    (scope) =>
      scope.kind === 'admin' ||
      ((scope.kind === action || (action !== 'publish' && scope.kind === 'publish')) &&
        matchesGlob(scope.pattern, name)),
  )
}
