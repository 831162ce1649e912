import { isSkillshipError, SkillshipError } from '@skillship/core'
import {
  matchesGlob,
  parseScope,
  RegistryErrorCode,
  scopesAllow,
  type TokenScope,
} from '@skillship/registry-client'
import {
  checkSkillStatement,
  computeSkillDigest,
  type DigestFile,
  parsePublicKey,
  parseSkillBundle,
  SignatureErrorCode,
  verifySkillBundle,
} from '@skillship/signing'
import type { RegistryDeps } from '../app/registry-deps.js'
import { registryError } from '../http/registry-error.js'

/** What a publish offers for its publisher signature check. */
export interface PublishToSign {
  readonly name: string
  readonly version: string
  readonly integrity: string
  readonly files: readonly DigestFile[]
  /** The bundle's JSON text, decoded from the signature header; undefined: unsigned. */
  readonly bundle: string | undefined
}

/**
 * The publish hook of signed skills (docs/signing.md, "At the registry"): an unsigned publish
 * passes unless the name matches `deps.requireSignatures` (REGISTRY_SIGNATURE_REQUIRED). A bundle
 * must be signed by a registered, unrevoked publisher key whose scopes allow publishing the name,
 * verify, and name exactly this name@version, skill digest and tarball; anything else is
 * REGISTRY_SIGNATURE_INVALID with the SIGNATURE_* cause. Returns what to store with the version.
 */
export async function checkPublishSignature(
  deps: Pick<RegistryDeps, 'metadata' | 'requireSignatures'>,
  publish: PublishToSign,
): Promise<{ readonly keyId: string; readonly bundle: string } | undefined> {
  if (publish.bundle === undefined) {
    if ((deps.requireSignatures ?? []).some((glob) => matchesGlob(glob, publish.name))) {
      throw registryError(
        RegistryErrorCode.SignatureRequired,
        `This registry requires a publisher signature for '${publish.name}'`,
        {
          hint: 'Publish with `skillship publish --sign` and a key added by `skillship keys add`.',
        },
      )
    }
    return undefined
  }
  try {
    const { keyHint } = parseSkillBundle(publish.bundle)
    const record = await deps.metadata.getPublisherKey(keyHint)
    if (record === undefined || record.revokedAt !== null)
      throw refused(`key ${keyHint} is ${record === undefined ? 'not registered' : 'revoked'}`)
    if (!scopesAllow(parseScopes(record.scopes), 'publish', publish.name))
      throw refused(`key ${keyHint} may not sign '${publish.name}'`)
    const verified = verifySkillBundle(publish.bundle, [parsePublicKey(record.publicKey)])
    checkSkillStatement(verified.statement, {
      name: publish.name,
      version: publish.version,
      skillDigest: computeSkillDigest(publish.files),
      integrity: publish.integrity,
    })
    return { keyId: verified.keyId, bundle: publish.bundle }
  } catch (error) {
    if (!isSkillshipError(error) || !error.code.startsWith('SIGNATURE_')) throw error
    throw registryError(
      RegistryErrorCode.SignatureInvalid,
      `The signature of ${publish.name}@${publish.version} was refused: ${error.message}`,
      {
        hint: 'Sign this very tarball with a key registered for a token that may publish the name.',
        details: { cause: error.code },
      },
    )
  }
}

function parseScopes(scopes: readonly string[]): TokenScope[] {
  return scopes.map((scope) => parseScope(scope))
}

// Registration problems use the SIGNATURE_ family's "unknown key" cause: to the publisher it is
// a key the registry does not trust for that name.
function refused(problem: string): SkillshipError {
  return new SkillshipError(SignatureErrorCode.KeyUnknown, `The signing ${problem}`, {
    hint: 'Add the key with `skillship keys add` using a token that may publish this name.',
  })
}
