import { createPublicKey, verify } from 'node:crypto'
import {
  registryKeysResponseSchema,
  registrySignedMessage,
  skillDocumentSchema,
} from '@skillship/registry-client'
import * as z from 'zod/v4/mini'

/**
 * Whether `name@version` on the registry at `url` carries a registry signature, by a key
 * `GET /v1/keys` lists, that verifies over the identity, integrity and audit verdict its document
 * states now (what an installer under `registryKeys: "verify"` checks).
 */
export async function registrySignatureHolds(
  url: string,
  name: string,
  version: string,
): Promise<boolean> {
  const { keys } = z.parse(registryKeysResponseSchema, await (await fetch(`${url}/v1/keys`)).json())
  const skill = z.parse(skillDocumentSchema, await (await fetch(`${url}/v1/skills/${name}`)).json())
  const document = skill.versions[version]
  const signatures = document?.signatures?.registry ?? []
  if (document === undefined || signatures.length === 0) return false
  return signatures.every((signature) => {
    const key = keys.find((candidate) => candidate.keyId === signature.keyId)
    if (key === undefined) return false
    const message = registrySignedMessage(
      name,
      version,
      document.dist.integrity,
      document.audit,
      signature.signedAt,
    )
    const sig = Buffer.from(signature.sig, 'base64')
    return verify(null, Buffer.from(message), createPublicKey(key.publicKey), sig)
  })
}
