import {
  checkWire,
  type DistTagsResponse,
  distTagBodySchema,
  isValidTag,
  RegistryErrorCode,
} from '@skillship/registry-client'
import type { Context, Hono } from 'hono'
import { activityEntry } from '../activity/activity-entry.js'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requirePublish } from '../auth/access.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { readJsonBody } from '../http/read-json-body.js'
import { registryError } from '../http/registry-error.js'

/** `GET|PUT|DELETE /v1/skills/:name/dist-tags[/:tag]`: tags are mutable pointers to versions. */
export function registerDistTagRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  cache: SkillDocumentCache,
): void {
  const actor = (c: Context<RegistryEnv>) => c.get('principal').tokenName ?? 'anonymous'
  const answer = async (c: Context<RegistryEnv>, name: string) => {
    const body: DistTagsResponse = { name, distTags: await deps.metadata.getDistTags(name) }
    return c.json(body)
  }

  app.get('/v1/skills/:name/dist-tags', async (c) => {
    const rendered = await readSkillDocument(deps, cache, c.get('principal'), c.req.param('name'))
    return c.json({
      name: rendered.document.name,
      distTags: rendered.document.distTags,
    } satisfies DistTagsResponse)
  })

  app.put('/v1/skills/:name/dist-tags/:tag', async (c) => {
    const { name, tag } = c.req.param()
    requirePublish(c.get('principal'), name)
    if (!isValidTag(tag))
      throw registryError(RegistryErrorCode.TagInvalid, `'${tag}' is not a valid dist-tag`, {
        hint: 'Tags are words like latest, beta, next; not versions.',
      })
    const body = checkWire(distTagBodySchema, await readJsonBody(c))
    if (!body.ok)
      throw registryError(RegistryErrorCode.BadRequest, 'The body must be { "version": "x.y.z" }', {
        details: { path: body.path },
      })
    const { version } = body.value
    await readSkillDocument(deps, cache, c.get('principal'), name)
    if (!(await deps.metadata.getVersion(name, version))) {
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    }
    // The activity entry is written with the tag, in its transaction.
    await deps.metadata.setDistTag(
      name,
      tag,
      version,
      activityEntry(deps, {
        actor: actor(c),
        action: 'dist-tag.set',
        target: name,
        skill: name,
        details: { tag, version },
      }),
    )
    await deps.invalidation.publish(name)
    return answer(c, name)
  })

  app.delete('/v1/skills/:name/dist-tags/:tag', async (c) => {
    const { name, tag } = c.req.param()
    requirePublish(c.get('principal'), name)
    if (tag === 'latest')
      throw registryError(RegistryErrorCode.TagInvalid, 'The latest tag cannot be removed', {
        hint: 'Point it at another version instead.',
      })
    await readSkillDocument(deps, cache, c.get('principal'), name)
    const entry = activityEntry(deps, {
      actor: actor(c),
      action: 'dist-tag.remove',
      target: name,
      skill: name,
      details: { tag },
    })
    if (!(await deps.metadata.removeDistTag(name, tag, entry))) {
      throw registryError(RegistryErrorCode.TagInvalid, `'${name}' has no tag '${tag}'`)
    }
    await deps.invalidation.publish(name)
    return answer(c, name)
  })
}
