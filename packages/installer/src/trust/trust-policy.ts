import type { TrustedKey } from '@skillship/signing'

/**
 * The `trust` section of skillship.json (docs/signing.md, "Installer"). Publisher keys are pinned
 * in the manifest itself (`keys`: key id -> public key): a key id alone cannot verify, and a key
 * fetched from the registry would let the registry choose whom to trust. Every id a `publishers`
 * entry names must be pinned in `keys`, and each pinned key's computed id must equal its label.
 */
export interface TrustPolicy {
  /** Skill-name glob (`*` matches any run of characters) -> key ids allowed to sign those skills. */
  readonly publishers: Readonly<Record<string, readonly string[]>>
  /** Refuse every skill without a verified publisher signature. */
  readonly requireSignatures: boolean
  /** `verify`: registry skills must carry a valid signature by one of the registry's keys. */
  readonly registryKeys: 'verify' | 'ignore'
  /** Pinned publisher keys by id. */
  readonly keys: ReadonlyMap<string, TrustedKey>
}

/** The most `publishers` patterns, key ids per pattern, and pinned keys a policy may hold. */
export const trustPolicyLimits = { patterns: 256, idsPerPattern: 64, keys: 256, keyTextBytes: 8192 }

/** True when `name` matches the glob `pattern` (only `*` is special). */
export function matchesNameGlob(pattern: string, name: string): boolean {
  const parts = pattern.split('*')
  if (parts.length === 1) return pattern === name
  const first = parts[0] ?? ''
  const last = parts[parts.length - 1] ?? ''
  if (!name.startsWith(first) || name.length < first.length + last.length) return false
  if (!name.endsWith(last)) return false
  let at = first.length
  const end = name.length - last.length
  for (const part of parts.slice(1, -1)) {
    const found = name.indexOf(part, at)
    if (found === -1 || found + part.length > end) return false
    at = found + part.length
  }
  return true
}

/** What the policy says about one skill name. */
export interface NameTrust {
  /** Keys allowed to sign it: the union over every matching pattern (empty when none matches). */
  readonly keys: readonly TrustedKey[]
  /** True when unsigned is refused: `requireSignatures`, or some pattern names it. */
  readonly required: boolean
}

export function trustFor(policy: TrustPolicy, name: string): NameTrust {
  const ids = new Set<string>()
  let named = false
  for (const [pattern, keyIds] of Object.entries(policy.publishers)) {
    if (!matchesNameGlob(pattern, name)) continue
    named = true
    for (const id of keyIds) ids.add(id)
  }
  const keys = [...ids].flatMap((id) => {
    const key = policy.keys.get(id)
    return key === undefined ? [] : [key]
  })
  return { keys, required: policy.requireSignatures || named }
}
