import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { SignatureErrorCode } from '@skillship/signing/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

const doNotInstall = 'Nothing was installed. Do not use this skill until its publisher confirms it.'

/** INSTALL_SIGNATURE_MISSING: the policy wants a publisher signature and there is none. */
export function signatureMissing(label: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.SignatureMissing,
    `${label} carries no publisher signature, and the trust policy requires one`,
    {
      hint: 'Ask the publisher to sign it (`skillship publish --sign`), or relax trust in skillship.json.',
      details: { skill: label },
    },
  )
}

/**
 * A failure of @skillship/signing as the install's code: an unknown key is
 * INSTALL_SIGNATURE_UNTRUSTED (signed, but not by a key the policy names for this skill), any
 * other signature failure INSTALL_SIGNATURE_INVALID; other errors pass through unchanged.
 */
export function asInstallSignatureError(error: unknown, label: string): unknown {
  if (!isSkillshipError(error) || !error.code.startsWith('SIGNATURE_')) return error
  const untrusted = error.code === SignatureErrorCode.KeyUnknown
  return new SkillshipError(
    untrusted ? InstallErrorCode.SignatureUntrusted : InstallErrorCode.SignatureInvalid,
    untrusted
      ? `${label} is signed by a key the trust policy does not name for it`
      : `${label}: the publisher signature does not hold (${error.message})`,
    {
      hint: untrusted
        ? 'Pin the key under trust.keys and name it in trust.publishers only if you trust its owner.'
        : doNotInstall,
      details: { skill: label, cause: error.code },
      cause: error,
    },
  )
}

export function signatureRevoked(label: string, keyId: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.SignatureRevoked,
    `${label} is signed by key ${keyId}, which its owner revoked on the registry`,
    { hint: doNotInstall, details: { skill: label, keyId } },
  )
}

export function registrySignatureInvalid(label: string, problem: string): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.SignatureRegistryInvalid,
    `${label}: the registry signature ${problem}`,
    {
      hint: 'The registry document was altered or the registry key is unknown; set trust.registryKeys to "ignore" only for registries that do not sign.',
      details: { skill: label },
    },
  )
}

export function signerChanged(
  label: string,
  locked: string,
  now: string | undefined,
): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.SignatureSignerChanged,
    `${label} was locked as signed by ${locked}, but is now ${now === undefined ? 'unsigned' : `signed by ${now}`}`,
    {
      hint: 'The same version must keep its signer. If the change is intended, remove the entry from skillship.lock and install again.',
      details: { skill: label, locked, now: now ?? null },
    },
  )
}
