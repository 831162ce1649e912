import type { RegistryClient, VersionDocument } from '@skillship/registry-client'
import type { TrustedKey } from '@skillship/signing'
import type { LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import { checkRegistrySignatures, readRegistryKeys } from './registry-signatures.js'
import { registrySignatureInvalid, signerChanged } from './trust-errors.js'
import { type TrustPolicy, trustFor } from './trust-policy.js'
import { publisherSigner, type RegistryVersion, type SkillToTrust } from './verify-skill-trust.js'

interface TrustContext {
  readonly previous: Lockfile | undefined
  readonly clientFor: (registryUrl: string) => RegistryClient
}

/**
 * The install's trust hook, run on every stored skill before anything is placed: each must pass
 * the policy (publisher bundle, and the registry's signature under `registryKeys: "verify"`),
 * and a version skillship.lock records with a signer must still be signed by that key
 * (INSTALL_SIGNATURE_SIGNER_CHANGED). Returns the skills with `locked.signer` set to the key that
 * verified. `policy` undefined (no `trust` in skillship.json): nothing is verified or recorded.
 * `previous` is the lockfile before this install. The first failure rejects; nothing was placed
 * by then.
 */
export async function applyTrustPolicy<S extends SkillToTrust>(
  skills: readonly S[],
  policy: TrustPolicy | undefined,
  previous: Lockfile | undefined,
  options: Pick<TrustContext, 'clientFor'>,
): Promise<S[]> {
  if (policy === undefined) return [...skills]
  const context: TrustContext = { previous, clientFor: options.clientFor }
  const keys = new Map<string, Promise<ReadonlyMap<string, TrustedKey>>>()
  const keysOf = (registry: string) => {
    const known = keys.get(registry) ?? readRegistryKeys(context.clientFor(registry), registry)
    keys.set(registry, known)
    return known
  }
  return Promise.all(
    skills.map(async (skill) => {
      const registry = await registryVersionOf(skill.locked, context)
      if (registry !== undefined && policy.registryKeys === 'verify') {
        const source = skill.locked.source as { registry: string }
        checkRegistrySignatures(
          registry.document,
          skill.locked.integrity,
          await keysOf(source.registry),
        )
      }
      const signer = await publisherSigner(skill, trustFor(policy, skill.name), registry)
      assertSameSigner(skill, signer, context.previous)
      const locked: LockedSkill = { ...skill.locked, ...(signer === undefined ? {} : { signer }) }
      return { ...skill, locked }
    }),
  )
}

async function registryVersionOf(
  locked: LockedSkill,
  context: TrustContext,
): Promise<RegistryVersion | undefined> {
  const source = locked.source
  if (source.type !== 'registry') return undefined
  const client = context.clientFor(source.registry)
  const answer = await client.getSkill(source.name)
  const document: VersionDocument | undefined = answer.notModified
    ? undefined
    : answer.document.versions[source.version]
  if (document === undefined)
    throw registrySignatureInvalid(`${source.name}@${source.version}`, 'has no version document')
  return { document, bundle: (path) => client.downloadSignatureBundle(path) }
}

function assertSameSigner(skill: SkillToTrust, signer: string | undefined, previous?: Lockfile) {
  const locked = previous?.skills[skill.name]
  if (locked?.signer === undefined || locked.version !== skill.locked.version) return
  if (locked.signer === signer) return
  throw signerChanged(`${skill.name}@${skill.locked.version}`, locked.signer, signer)
}
