import type { RegistrySignature } from '@skillship/registry-client'
import type { RegistryKeyring, SignedVersion } from './registry-keyring.js'

/**
 * The registry's signatures of a version as it is about to be stored (accepted at publish,
 * re-judged by a re-audit, or signed by the backfill), stored with it (so that a later change of
 * the stored row cannot be re-signed by merely being served): one signature by the newest key
 * valid at `now`, or none when the registry has no keyring (tests).
 */
export function signVersionState(
  deps: { readonly registryKeys?: Pick<RegistryKeyring, 'sign'> | undefined },
  version: SignedVersion,
  now: Date,
): RegistrySignature[] {
  if (deps.registryKeys === undefined) return []
  const { name, integrity, audit } = version
  const covered = audit == null ? null : { verdict: audit.verdict, rulePack: audit.rulePack }
  return [
    deps.registryKeys.sign({ name, version: version.version, integrity, audit: covered }, now),
  ]
}
