import { routes } from '../wire/routes.js'
import {
  maxVerdictsPerRequest,
  type VerdictRef,
  type VersionVerdict,
  verdictsResponseSchema,
} from '../wire/verdict-documents.js'
import { protocolError } from './error-from-answer.js'
import { readJsonAnswer } from './read-json-answer.js'
import type { RegistryTransport } from './registry-transport.js'

/**
 * What the registry says now about one version asked: its verdict, `unlisted` (the skill is
 * readable and lists the version no more) or `missing` (the skill is unknown or not readable).
 */
export type VerdictAnswer = VersionVerdict | 'unlisted' | 'missing'

/** The key of a version in a verdicts map: `name@version`. */
export function verdictKey(ref: VerdictRef): string {
  return `${ref.name}@${ref.version}`
}

/**
 * `POST /v1/verdicts` for `refs`, `maxVerdictsPerRequest` per request: the answer for every
 * version asked, by verdictKey. An answer that names a version not asked, names one twice, or
 * leaves one out is REGISTRY_PROTOCOL, so a hostile registry cannot slip a verdict past the
 * check by omission or contradiction. Registry errors keep their codes (an older registry
 * without the route: REGISTRY_NOT_FOUND).
 */
export async function readVerdicts(
  transport: RegistryTransport,
  refs: readonly VerdictRef[],
): Promise<Map<string, VerdictAnswer>> {
  const asked = new Map(refs.map((ref) => [verdictKey(ref), ref]))
  const unique = [...asked.values()]
  const answers = new Map<string, VerdictAnswer>()
  for (let start = 0; start < unique.length; start += maxVerdictsPerRequest) {
    const page = unique.slice(start, start + maxVerdictsPerRequest)
    const answer = await transport.send({
      method: 'POST',
      path: routes.verdicts(),
      idempotent: true,
      json: { versions: page.map(({ name, version }) => ({ name, version })) },
    })
    const body = readJsonAnswer(verdictsResponseSchema, answer)
    const missing = new Set(body.missing)
    const entries: [string, VerdictAnswer][] = [
      ...body.verdicts.map((verdict): [string, VerdictAnswer] => [verdictKey(verdict), verdict]),
      ...body.unlisted.map((ref): [string, VerdictAnswer] => [verdictKey(ref), 'unlisted']),
      ...page.flatMap((ref): [string, VerdictAnswer][] =>
        missing.has(ref.name) ? [[verdictKey(ref), 'missing']] : [],
      ),
    ]
    const inPage = new Set(page.map(verdictKey))
    for (const [key, value] of entries) {
      if (!inPage.has(key) || answers.has(key))
        throw protocolError(answer, `a verdict it was not asked for, or twice: ${key}`)
      answers.set(key, value)
    }
    const left = page.find((ref) => !answers.has(verdictKey(ref)))
    if (left !== undefined) throw protocolError(answer, `no verdict for ${verdictKey(left)}`)
  }
  return answers
}
