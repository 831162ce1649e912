/**
 * Signature documents (docs/signing.md): the registry's own keys, publisher keys, and the
 * signatures a version carries. One schema each, shared by the server and every client.
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

/** `sha256:` and the hex SHA-256 of the key's DER SubjectPublicKeyInfo (@skillship/signing). */
export const keyIdSchema = z.string().check(z.regex(/^sha256:[0-9a-f]{64}$/))

/**
 * One of the registry's signing keys, `GET /v1/keys`: `publicKey` is SPKI PEM (ed25519), valid
 * for signatures made from `validFrom` until `validUntil` (null: still in use). Rotation adds a
 * key and closes the old one's window; old signatures stay verifiable with the old key.
 */
export const registryKeyDocumentSchema = z.object({
  keyId: keyIdSchema,
  publicKey: z.string(),
  validFrom: z.string(),
  validUntil: z.nullable(z.string()),
})
export type RegistryKeyDocument = WireType<typeof registryKeyDocumentSchema>

export const registryKeysResponseSchema = z.object({ keys: z.array(registryKeyDocumentSchema) })
export type RegistryKeysResponse = WireType<typeof registryKeysResponseSchema>

/**
 * A publisher key registered with a token (`skillship keys add`): bound to the token's name
 * (`owner`) and to the publish scopes it had when added (`scopes`, e.g. `publish:team-*`).
 * `revokedAt` set: versions it signed are flagged, new signatures by it refused.
 */
export const publisherKeyDocumentSchema = z.object({
  keyId: keyIdSchema,
  publicKey: z.string(),
  owner: z.string(),
  scopes: z.array(z.string()),
  createdAt: z.string(),
  revokedAt: z.nullable(z.string()),
})
export type PublisherKeyDocument = WireType<typeof publisherKeyDocumentSchema>

export const publisherKeyListSchema = z.object({ keys: z.array(publisherKeyDocumentSchema) })
export type PublisherKeyList = WireType<typeof publisherKeyListSchema>

/** Body of registering a publisher key: its SPKI PEM (or OpenSSH `ssh-ed25519 ...` line). */
export const addPublisherKeyRequestSchema = z.object({ publicKey: z.string() })
export type AddPublisherKeyRequest = WireType<typeof addPublisherKeyRequestSchema>

/**
 * The registry's signature over {@link registrySignedMessage}: base64 ed25519. `signedAt` (ISO
 * 8601, inside the signed message) is when it was made: a client checks that the key's validity
 * window held that instant. Signatures made before it existed lack it; the version's
 * `publishedAt` stands in.
 */
export const registrySignatureSchema = z.object({
  keyId: keyIdSchema,
  sig: z.string(),
  signedAt: z.optional(z.string()),
})
export type RegistrySignature = WireType<typeof registrySignatureSchema>

/**
 * The signatures of one version, on its version document. `publisher`: the publisher's Sigstore
 * bundle, served at `bundle` (a path relative to the registry URL), with the key that verified it
 * at publish and whether that key has since been revoked. `registry`: the registry's signatures.
 */
export const versionSignaturesSchema = z.object({
  publisher: z.optional(z.object({ keyId: keyIdSchema, bundle: z.string(), revoked: z.boolean() })),
  registry: z.array(registrySignatureSchema),
})
export type VersionSignatures = WireType<typeof versionSignaturesSchema>

/**
 * The exact bytes (UTF-8) the registry signs for a version: its identity, its tarball's
 * integrity, and the audit verdict it stored with the rule pack that judged it (`none` when the
 * version was never audited), so that a client can trust the verdict it reads. With `signedAt`
 * (the signature's own field) the message is v2 and ends with the signing time, so the time a
 * client checks against the key's window cannot be changed without breaking the signature.
 */
export function registrySignedMessage(
  name: string,
  version: string,
  integrity: string,
  audit: { readonly verdict: string; readonly rulePack: string } | null | undefined,
  signedAt?: string,
): string {
  const verdict = audit == null ? 'none' : `${audit.verdict}:${audit.rulePack}`
  const body = `${name}@${version}:${integrity}\naudit:${verdict}\n`
  return signedAt === undefined
    ? `skillship-registry-signature/v1\n${body}`
    : `skillship-registry-signature/v2\n${body}signed-at:${signedAt}\n`
}

/**
 * What a load answer (`GET /v1/load/:name`, `signatures`) and MCP results (`_meta` key
 * `skillship/signatures`) carry about the version served: the version document's signatures and
 * the audit verdict the registry signature covers (null: never audited), so a caller can check
 * the registry's signature with {@link registrySignedMessage} and the keys of `GET /v1/keys`
 * without reading the version document.
 */
export const servedSignaturesSchema = z.object({
  publisher: versionSignaturesSchema.shape.publisher,
  registry: versionSignaturesSchema.shape.registry,
  audit: z.nullable(z.object({ verdict: z.string(), rulePack: z.string() })),
})
export type ServedSignatures = WireType<typeof servedSignaturesSchema>

/** The MCP `_meta` key holding {@link ServedSignatures} (skillship's own prefix, as SEP-2640 asks). */
export const signaturesMetaKey = 'skillship/signatures'

/** The routes of signatures (docs/registry-api.md). */
export const signatureRoutes = {
  registryKeys: () => '/v1/keys',
  publisherKeys: () => '/v1/keys/publishers',
  publisherKey: (keyId: string) => `/v1/keys/publishers/${encodeURIComponent(keyId)}`,
  bundle: (name: string, version: string) =>
    `/v1/skills/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}/bundle`,
} as const

/**
 * The header of a signed publish: the publisher's Sigstore bundle (its JSON bytes) in unpadded
 * base64url, sent with the tarball on `PUT /v1/skills/:name`. Bounded by
 * {@link maxSignatureHeaderBytes} (bundles made here are about 2 KiB; Node's default limit on all
 * headers together is 16 KiB).
 */
export const signatureHeader = 'x-skillship-signature'
export const maxSignatureHeaderBytes = 8 * 1024
