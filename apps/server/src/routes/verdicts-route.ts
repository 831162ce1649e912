import {
  checkWire,
  maxVerdictsPerRequest,
  RegistryErrorCode,
  type SkillDocument,
  type VerdictRef,
  type VerdictsResponse,
  type VersionVerdict,
  verdictsRequestSchema,
  versionVerdictOf,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocumentIfReadable } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'

/**
 * `POST /v1/verdicts` `{ "versions": [{ name, version }] }`: the registry's current verdict on
 * each locked version (what a frozen install asks before standing on its install stamp), without
 * the documents' file lists. Each name goes through the same document cache and access check as
 * `GET /v1/skills/:name` (one read per name, however many of its versions are asked), so the route
 * needs no query of its own: its answer is a projection of the documents the registry serves, and
 * says nothing a document read would not. Unknown and unreadable names are `missing` alike.
 */
export function registerVerdictsRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): void {
  app.post('/v1/verdicts', async (c) => {
    const refs = readRefs(await readJsonBody(c))
    const principal = c.get('principal')
    const verdicts: VersionVerdict[] = []
    const unlisted: VerdictRef[] = []
    const missing: string[] = []
    for (const [name, versions] of byName(refs)) {
      const rendered = await readSkillDocumentIfReadable(deps, cache, principal, name)
      if (rendered === undefined) {
        missing.push(name)
        continue
      }
      for (const version of versions) {
        const verdict = versionVerdict(rendered.document, version)
        if (verdict === undefined) unlisted.push({ name, version })
        else verdicts.push(verdict)
      }
    }
    c.header('cache-control', 'private, no-cache')
    const answer: VerdictsResponse = { verdicts, unlisted, missing }
    return c.json(answer)
  })
}

function readRefs(body: Record<string, unknown>): readonly VerdictRef[] {
  const checked = checkWire(verdictsRequestSchema, body)
  if (!checked.ok) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      'The body must be { "versions": [{ "name": "skill", "version": "1.0.0" }, ...] }',
      { details: { path: checked.path, problem: checked.problem } },
    )
  }
  const { versions } = checked.value
  if (versions.length > maxVerdictsPerRequest) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `At most ${maxVerdictsPerRequest} versions per request, not ${versions.length}`,
      { hint: 'Split the list; the client does this for you.' },
    )
  }
  return versions
}

// The asked versions by name, each once, in the order asked.
function byName(refs: readonly VerdictRef[]): Map<string, Set<string>> {
  const names = new Map<string, Set<string>>()
  for (const { name, version } of refs) {
    const versions = names.get(name) ?? new Set<string>()
    versions.add(version)
    names.set(name, versions)
  }
  return names
}

function versionVerdict(document: SkillDocument, version: string): VersionVerdict | undefined {
  const found = Object.hasOwn(document.versions, version) ? document.versions[version] : undefined
  return found === undefined ? undefined : versionVerdictOf(found)
}
