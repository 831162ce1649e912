import {
  checkWire,
  RegistryErrorCode,
  type ResolveResponse,
  resolveVersion,
  versionPatchSchema,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import { activityEntry } from '../activity/activity-entry.js'
import type { NewActivity } from '../activity/activity-store.js'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requirePublish } from '../auth/access.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { toVersionDocument } from '../documents/to-version-document.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'
import { requestLogger } from '../http/request-context.js'

/** `PATCH /v1/skills/:name/versions/:version` (deprecate, yank) and `GET /v1/resolve/:name?range=`. */
export function registerVersionRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): void {
  app.patch('/v1/skills/:name/versions/:version', async (c) => {
    const { name, version } = c.req.param()
    requirePublish(c.get('principal'), name)
    const patch = parseVersionPatch(await readJsonBody(c))
    await readSkillDocument(deps, cache, c.get('principal'), name)
    // The activity entries are written with the change, in its transaction.
    const entries = versionPatchEntries(deps, c.get('principal').tokenName, name, version, patch)
    if (!(await deps.metadata.updateVersion(name, version, patch, entries))) {
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    }
    await deps.invalidation.publish(name)
    const record = await deps.metadata.getVersion(name, version)
    if (!record)
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    requestLogger(c).info({ skill: name, version, ...patch }, 'version updated')
    return c.json(toVersionDocument(record))
  })

  app.get('/v1/resolve/:name', async (c) => {
    const name = c.req.param('name')
    const range = c.req.query('range') ?? 'latest'
    const { document } = await readSkillDocument(deps, cache, c.get('principal'), name)
    const resolved = resolveVersion(document, range)
    if (!resolved) {
      throw registryError(
        RegistryErrorCode.NoMatchingVersion,
        `No version of ${name} matches '${range}'`,
        {
          hint: `Published: ${Object.keys(document.versions).join(', ') || 'none'}.`,
        },
      )
    }
    return c.json({
      name,
      version: resolved.version,
      dist: resolved.dist,
    } satisfies ResolveResponse)
  })
}

// One entry per change the patch makes: deprecation (or its removal), then yank (or unyank).
function versionPatchEntries(
  deps: RegistryDeps,
  tokenName: string | undefined,
  name: string,
  version: string,
  patch: { deprecated?: string | null; yanked?: boolean },
): NewActivity[] {
  const base = { actor: tokenName ?? 'anonymous', target: `${name}@${version}`, skill: name }
  const entries = [
    patch.deprecated === undefined
      ? undefined
      : activityEntry(
          deps,
          patch.deprecated === null
            ? { ...base, action: 'undeprecate' }
            : {
                ...base,
                action: 'deprecate',
                details: { message: patch.deprecated.slice(0, 1000) },
              },
        ),
    patch.yanked === undefined
      ? undefined
      : activityEntry(deps, { ...base, action: patch.yanked ? 'yank' : 'unyank' }),
  ]
  return entries.filter((entry) => entry !== undefined)
}

function parseVersionPatch(body: Record<string, unknown>): {
  deprecated?: string | null
  yanked?: boolean
} {
  const checked = checkWire(versionPatchSchema, body)
  if (!checked.ok) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      'The body must be { "deprecated"?: "message" | null, "yanked"?: boolean }',
      { details: { path: checked.path } },
    )
  }
  const { deprecated, yanked } = checked.value
  return {
    ...(deprecated === undefined ? {} : { deprecated }),
    ...(yanked === undefined ? {} : { yanked }),
  }
}
