import { isSkillshipError } from '@skillship/core/errors'
import {
  type RegistryClient,
  RegistryErrorCode,
  type SkillDocument,
} from '@skillship/registry-client'
import type { LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import {
  checkRegistrySignatures,
  type RegistryTrustedKey,
  readRegistryKeys,
} from './registry-signatures.js'
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
  const base: TrustContext = { previous, clientFor: options.clientFor }
  const context = { ...base, documents: documentReader(skills, base) }
  const keys = new Map<string, Promise<ReadonlyMap<string, RegistryTrustedKey>>>()
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
  context: TrustContext & { readonly documents: DocumentReader },
): Promise<RegistryVersion | undefined> {
  const source = locked.source
  if (source.type !== 'registry') return undefined
  const client = context.clientFor(source.registry)
  const document = (await context.documents(source.registry, source.name))?.versions[source.version]
  if (document === undefined)
    throw registrySignatureInvalid(`${source.name}@${source.version}`, 'has no version document')
  return { document, bundle: (path) => client.downloadSignatureBundle(path) }
}

type DocumentReader = (registry: string, name: string) => Promise<SkillDocument | undefined>

/**
 * The skill documents of every registry skill, read in one `POST /v1/documents` per registry
 * (a name the answer lacks is read on its own), so verification adds one round trip, not one per
 * skill.
 */
function documentReader(skills: readonly SkillToTrust[], context: TrustContext): DocumentReader {
  const batches = new Map<string, Promise<Readonly<Record<string, SkillDocument>>>>()
  for (const registry of new Set(skills.flatMap(registryOf))) {
    const names = skills.flatMap((skill) =>
      registryOf(skill).includes(registry) ? [skill.name] : [],
    )
    const read = context.clientFor(registry).getSkills(names)
    // A registry without the batch route (an older server): every name is read on its own.
    const documents = read.then(
      (answer) => answer.documents,
      (error: unknown) => {
        if (isSkillshipError(error) && error.code === RegistryErrorCode.NotFound) return {}
        throw error
      },
    )
    batches.set(registry, documents)
  }
  return async (registry, name) => {
    const batch = await batches.get(registry)
    const found = batch?.[name]
    if (found !== undefined) return found
    const answer = await context.clientFor(registry).getSkill(name)
    return answer.notModified ? undefined : answer.document
  }
}

function registryOf(skill: SkillToTrust): string[] {
  return skill.locked.source.type === 'registry' ? [skill.locked.source.registry] : []
}

function assertSameSigner(skill: SkillToTrust, signer: string | undefined, previous?: Lockfile) {
  const locked = previous?.skills[skill.name]
  if (locked?.signer === undefined || locked.version !== skill.locked.version) return
  if (locked.signer === signer) return
  throw signerChanged(`${skill.name}@${skill.locked.version}`, locked.signer, signer)
}
