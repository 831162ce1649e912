import { isSkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode } from '../errors/registry-error-codes.js'
import type { SkillDocument } from '../wire/documents.js'
import { type VerdictRef, versionVerdictOf } from '../wire/verdict-documents.js'
import { type VerdictAnswer, verdictKey } from './read-verdicts.js'
import type { RegistryTransport } from './registry-transport.js'
import { createSkillMethods } from './skill-methods.js'

/**
 * The verdicts of `refs` read from the skill documents, for a registry older than
 * `POST /v1/verdicts`: one `POST /v1/documents` (and, older still, one `GET /v1/skills/:name` per
 * name), each version projected as the route would (versionVerdictOf). Loaded only then: it
 * brings the document schemas the verdicts route spares.
 */
export async function verdictsFromDocuments(
  transport: RegistryTransport,
  refs: readonly VerdictRef[],
): Promise<Map<string, VerdictAnswer>> {
  const skills = createSkillMethods(transport)
  const names = [...new Set(refs.map((ref) => ref.name))]
  const documents = await skills.getSkills(names).then(
    (answer) => new Map(Object.entries(answer.documents)),
    async (error: unknown) => {
      if (!(isSkillshipError(error) && error.code === RegistryErrorCode.NotFound)) throw error
      const read = new Map<string, SkillDocument>()
      for (const name of names) {
        const one = await skills.getSkill(name).catch((failure: unknown) => {
          if (isSkillshipError(failure) && failure.code === RegistryErrorCode.NotFound)
            return undefined
          throw failure
        })
        if (one !== undefined && !one.notModified) read.set(name, one.document)
      }
      return read
    },
  )
  const answers = new Map<string, VerdictAnswer>()
  for (const ref of refs) {
    const document = documents.get(ref.name)
    const version =
      document && Object.hasOwn(document.versions, ref.version)
        ? document.versions[ref.version]
        : undefined
    answers.set(
      verdictKey(ref),
      document === undefined
        ? 'missing'
        : version === undefined
          ? 'unlisted'
          : versionVerdictOf(version),
    )
  }
  return answers
}
