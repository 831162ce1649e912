import { verify } from 'node:crypto'
import {
  type RegistryClient,
  type RegistrySignature,
  registrySignedMessage,
  type VersionDocument,
} from '@skillship/registry-client'
import { parsePublicKey, type TrustedKey } from '@skillship/signing'
import { registrySignatureInvalid } from './trust-errors.js'

/** A registry key and the window it may sign in (`validUntil` null: open). */
export interface RegistryTrustedKey extends TrustedKey {
  readonly validFrom: number
  readonly validUntil: number | null
}

/**
 * The registry's keys from `GET /v1/keys`, by their computed id: a key whose published id is not
 * the SHA-256 of its own public key, or whose window is not two times, is refused
 * (INSTALL_SIGNATURE_REGISTRY_INVALID), never used.
 */
export async function readRegistryKeys(
  client: RegistryClient,
  registry: string,
): Promise<ReadonlyMap<string, RegistryTrustedKey>> {
  const answer = await client.getRegistryKeys()
  const keys = new Map<string, RegistryTrustedKey>()
  for (const document of answer.keys) {
    const key = parseRegistryKey(document.publicKey, registry)
    if (key.keyId !== document.keyId)
      throw registrySignatureInvalid(registry, `key ${document.keyId} is another key`)
    const validFrom = Date.parse(document.validFrom)
    const validUntil = document.validUntil === null ? null : Date.parse(document.validUntil)
    if (Number.isNaN(validFrom) || (validUntil !== null && Number.isNaN(validUntil)))
      throw registrySignatureInvalid(registry, `key ${document.keyId} has no valid window`)
    keys.set(key.keyId, { ...key, validFrom, validUntil })
  }
  return keys
}

function parseRegistryKey(text: string, registry: string): TrustedKey {
  try {
    return parsePublicKey(text)
  } catch (error) {
    if (!(error instanceof Error)) throw error
    throw registrySignatureInvalid(registry, `key list holds a key that is not ed25519`)
  }
}

/**
 * What checking a version's registry signatures reads: a version document, or the same fields of
 * a `POST /v1/verdicts` answer.
 */
export type SignedVersion = Pick<VersionDocument, 'name' | 'version' | 'publishedAt' | 'audit'> & {
  readonly dist: { readonly integrity: string }
  readonly signatures?: { readonly registry: readonly RegistrySignature[] } | undefined
}

/**
 * Checks that `version` (whose tarball has `integrity`) carries at least one signature by a
 * registry key and that every signature by a known key verifies over registrySignedMessage (its
 * identity, that integrity, the audit verdict the document states and its `signedAt`) and was
 * made inside that key's validity window (at `signedAt`, signed with it; the version's
 * `publishedAt` for signatures older than that field). Signatures by ids not in `keys` are
 * skipped (a key the client has not seen yet), but at least one must verify.
 */
export function checkRegistrySignatures(
  version: SignedVersion,
  integrity: string,
  keys: ReadonlyMap<string, RegistryTrustedKey>,
): void {
  const label = `${version.name}@${version.version}`
  if (version.dist.integrity !== integrity)
    throw registrySignatureInvalid(label, 'is over another tarball than the one installed')
  const signatures = version.signatures?.registry ?? []
  if (signatures.length === 0) throw registrySignatureInvalid(label, 'is missing')
  const audit =
    version.audit === undefined
      ? undefined
      : { verdict: version.audit.verdict, rulePack: version.audit.rulePack }
  let verified = 0
  for (const signature of signatures) {
    const key = keys.get(signature.keyId)
    if (key === undefined) continue
    const text = registrySignedMessage(
      version.name,
      version.version,
      integrity,
      audit,
      signature.signedAt,
    )
    const sig = Buffer.from(signature.sig, 'base64')
    if (!verify(null, Buffer.from(text, 'utf8'), key.publicKey, sig))
      throw registrySignatureInvalid(label, `by ${signature.keyId} does not verify`)
    const at = Date.parse(signature.signedAt ?? version.publishedAt)
    if (!(at >= key.validFrom && (key.validUntil === null || at < key.validUntil)))
      throw registrySignatureInvalid(label, `by ${signature.keyId} was made outside its window`)
    verified += 1
  }
  if (verified === 0) throw registrySignatureInvalid(label, 'is by no key of GET /v1/keys')
}
