import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import type { VersionDocument } from '@skillship/registry-client'
import {
  checkSkillStatement,
  computeSkillDigest,
  maxBundleBytes,
  signatureFileName,
  verifySkillBundle,
} from '@skillship/signing'
import { SignatureErrorCode } from '@skillship/signing/errors'
import type { LockedFile, LockedSkill } from '../lockfile/lockfile-schema.js'
import { asInstallSignatureError, signatureMissing, signatureRevoked } from './trust-errors.js'
import type { NameTrust } from './trust-policy.js'

/** A registry skill's version document and how to download a bundle it names. */
export interface RegistryVersion {
  readonly document: VersionDocument
  bundle(path: string): Promise<Uint8Array>
}

/** One stored skill as the trust check sees it. */
export interface SkillToTrust {
  readonly name: string
  readonly locked: LockedSkill
  readonly entry: { readonly dir: string; readonly files: readonly LockedFile[] }
}

/**
 * The key id of the publisher signature that holds for `skill` under `trust`, or undefined when
 * it carries none and none is required. Registry skills take the bundle the version document
 * names (`document`, `bundle` downloads it); other sources a detached `skill.sigstore.json` in
 * the skill folder. The bundle must verify with a key the policy names for this name and sign
 * this `name@version`, these files (skill digest of the stored files) and, for a registry
 * tarball, this integrity. Throws INSTALL_SIGNATURE_* codes.
 */
export async function publisherSigner(
  skill: SkillToTrust,
  trust: NameTrust,
  registry: RegistryVersion | undefined,
): Promise<string | undefined> {
  const label = `${skill.name}@${skill.locked.version}`
  const bytes = await bundleBytes(skill, registry, label)
  if (bytes === undefined) {
    if (trust.required) throw signatureMissing(label)
    return undefined
  }
  // Nothing names this skill and nothing requires a signature: there is no key to hold it to.
  if (trust.keys.length === 0 && !trust.required) return undefined
  try {
    const verified = verifySkillBundle(bytes, trust.keys)
    checkSkillStatement(verified.statement, {
      name: skill.name,
      version: skill.locked.version,
      skillDigest: computeSkillDigest(skill.entry.files),
      integrity: registry === undefined ? null : skill.locked.integrity,
    })
    return verified.keyId
  } catch (error) {
    throw asInstallSignatureError(error, label)
  }
}

async function bundleBytes(
  skill: SkillToTrust,
  registry: RegistryVersion | undefined,
  label: string,
): Promise<Uint8Array | undefined> {
  if (registry !== undefined) {
    const publisher = registry.document.signatures?.publisher
    if (publisher === undefined) return undefined
    if (publisher.revoked) throw signatureRevoked(label, publisher.keyId)
    return registry.bundle(publisher.bundle)
  }
  const file = skill.entry.files.find((candidate) => candidate.path === signatureFileName)
  if (file === undefined) return undefined
  if (file.size > maxBundleBytes) throw asInstallSignatureError(tooLarge(), label)
  return readFile(join(skill.entry.dir, signatureFileName))
}

function tooLarge(): SkillshipError {
  return new SkillshipError(
    SignatureErrorCode.BundleInvalid,
    `${signatureFileName} is over ${maxBundleBytes} bytes`,
  )
}
