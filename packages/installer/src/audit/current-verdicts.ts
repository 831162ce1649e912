import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import {
  createVerdictsReader,
  type RegistryClientOptions,
  RegistryErrorCode,
  type VerdictAnswer,
  type VersionVerdict,
  verdictKey,
} from '@skillship/registry-client/verdicts'
import type { LockedSkill } from '../lockfile/lockfile-schema.js'
import type { TrustPolicy } from '../trust/trust-policy.js'
import type { RegistryAnswer } from './judge-skill.js'

/** A locked skill whose current verdict is asked. */
export interface LockedRegistrySkill {
  readonly name: string
  readonly locked: Pick<LockedSkill, 'version' | 'source' | 'integrity'>
}

/** How the stamped check reaches a registry URL: its token and transport, as the full client's. */
export type RegistryOptionsFor = (registryUrl: string) => RegistryClientOptions

/**
 * What each locked registry version's registry says about it now (by skill name), in one
 * `POST /v1/verdicts` per registry (`@skillship/registry-client/verdicts`, which reads the
 * documents instead from a registry older than the route): its audit summary, `none` (never
 * audited, or no longer listed), or `unreachable` (the recorded verdict stands). A skill the
 * registry no longer serves to this caller is REGISTRY_NOT_FOUND, as on the full install path.
 * Under `trust.registryKeys: "verify"` every answer must carry a registry signature over the
 * verdict it states and the locked integrity (INSTALL_SIGNATURE_REGISTRY_INVALID otherwise, as
 * the full path's trust check), so a verdict changed in the registry's database alone is refused.
 */
export async function currentVerdicts(
  skills: readonly LockedRegistrySkill[],
  optionsFor: RegistryOptionsFor,
  trust: TrustPolicy | undefined,
): Promise<Map<string, RegistryAnswer>> {
  const answers = new Map<string, RegistryAnswer>()
  for (const [registry, group] of byRegistry(skills)) {
    const refs = group.map(({ name, locked }) => ({ name, version: locked.version }))
    const read = await createVerdictsReader(optionsFor(registry))
      .read(refs)
      .catch((error: unknown) => {
        if (isSkillshipError(error) && error.code === RegistryErrorCode.Unreachable)
          return undefined
        throw error
      })
    if (read === undefined) {
      for (const skill of group) answers.set(skill.name, { state: 'unreachable' })
      continue
    }
    const verdicts = group.map((skill) => answerOf(skill, registry, read))
    if (trust?.registryKeys === 'verify')
      await verifyVerdicts(group, verdicts, registry, optionsFor)
    group.forEach((skill, index) => {
      const verdict = verdicts[index]
      answers.set(
        skill.name,
        verdict?.audit ? { state: 'summary', summary: verdict.audit } : { state: 'none' },
      )
    })
  }
  return answers
}

/** Said when the registry cannot be asked: the recorded verdict stands. */
export function unreachableWarning(name: string): string {
  return `${name}: the registry could not be asked for its current audit verdict; the recorded verdict stands`
}

function byRegistry(skills: readonly LockedRegistrySkill[]): Map<string, LockedRegistrySkill[]> {
  const groups = new Map<string, LockedRegistrySkill[]>()
  for (const skill of skills) {
    const { source } = skill.locked
    if (source.type !== 'registry') continue
    const group = groups.get(source.registry) ?? []
    group.push(skill)
    groups.set(source.registry, group)
  }
  return groups
}

// The verdict of one skill, undefined when its version is no longer listed.
function answerOf(
  skill: LockedRegistrySkill,
  registry: string,
  read: ReadonlyMap<string, VerdictAnswer>,
): VersionVerdict | undefined {
  const answer = read.get(verdictKey({ name: skill.name, version: skill.locked.version }))
  if (answer === 'missing' || answer === undefined) throw skillNotFound(skill.name, registry)
  return answer === 'unlisted' ? undefined : answer
}

// The full path's registry signature check (trust/registry-signatures.ts), loaded only here.
async function verifyVerdicts(
  group: readonly LockedRegistrySkill[],
  verdicts: readonly (VersionVerdict | undefined)[],
  registry: string,
  optionsFor: RegistryOptionsFor,
): Promise<void> {
  const [{ checkRegistrySignatures, readRegistryKeys }, { registrySignatureInvalid }, client] =
    await Promise.all([
      import('../trust/registry-signatures.js'),
      import('../trust/trust-errors.js'),
      import('@skillship/registry-client/client'),
    ])
  const keys = await readRegistryKeys(client.createRegistryClient(optionsFor(registry)), registry)
  group.forEach((skill, index) => {
    const verdict = verdicts[index]
    const label = `${skill.name}@${skill.locked.version}`
    if (verdict === undefined) throw registrySignatureInvalid(label, 'has no version document')
    const signed = {
      name: verdict.name,
      version: verdict.version,
      publishedAt: verdict.publishedAt,
      audit: verdict.audit ?? undefined,
      dist: { integrity: verdict.integrity },
      signatures: { registry: verdict.signatures },
    }
    checkRegistrySignatures(signed, skill.locked.integrity, keys)
  })
}

function skillNotFound(name: string, registry: string): SkillshipError {
  return new SkillshipError(
    RegistryErrorCode.NotFound,
    `Skill '${name}' not found on ${registry}`,
    {
      hint: 'The registry no longer serves this skill to you: check the name and your token, or remove it from skillship.json.',
      details: { name, registry },
    },
  )
}
