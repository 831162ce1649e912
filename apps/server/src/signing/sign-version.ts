import type { RegistrySignature } from '@skillship/registry-client'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { SignedVersion } from './registry-keyring.js'

/**
 * The registry's signatures of a version it is accepting, stored with the version (so that a
 * later change of the stored row cannot be re-signed by merely being served): one signature by
 * the newest key valid at `now`, or none when the registry has no keyring (tests).
 */
export function signAcceptedVersion(
  deps: Pick<RegistryDeps, 'registryKeys'>,
  version: SignedVersion,
  now: Date,
): RegistrySignature[] {
  return deps.registryKeys === undefined ? [] : [deps.registryKeys.sign(version, now)]
}
