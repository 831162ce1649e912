import { toTrustMaterial, Verifier } from '@sigstore/verify'
import type { TrustedKey } from '../src/keys/signing-key.js'

/**
 * An @sigstore/verify Verifier whose only trust is `key`: a trusted root with no CA, log or
 * timestamp authority, no log entry or timestamp required, and a key finder that knows only the
 * key's id (an unknown hint throws, as the library's own finder does).
 */
export function sigstoreVerifierTrusting(key: TrustedKey): Verifier {
  const root = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [],
    certificateAuthorities: [],
    ctlogs: [],
    timestampAuthorities: [],
  }
  const material = toTrustMaterial(root, (hint) => {
    if (hint !== key.keyId) throw new Error(`untrusted key ${hint}`)
    return { publicKey: key.publicKey, validFor: () => true }
  })
  return new Verifier(material, { tlogThreshold: 0, ctlogThreshold: 0, timestampThreshold: 0 })
}
