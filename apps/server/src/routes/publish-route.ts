import { integrityHeader, RegistryErrorCode, signatureHeader } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { requirePublish } from '../auth/access.js'
import { readLimitedBody } from '../http/read-limited-body.js'
import { registryError } from '../http/registry-error.js'
import { requestLogger } from '../http/request-context.js'
import { publishSkill } from '../publish/publish-skill.js'
import { readSignatureHeader } from '../signing/read-signature-header.js'

/**
 * `PUT /v1/skills/:name?tag=&access=&version=`: publish a tarball (the body). Auth comes first;
 * the name is announced on the invalidation bus once the version is stored.
 */
export function registerPublishRoute(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.put('/v1/skills/:name', async (c) => {
    const name = c.req.param('name')
    const principal = c.get('principal')
    requirePublish(principal, name)
    const access = c.req.query('access') ?? 'public'
    if (access !== 'public' && access !== 'private') {
      throw registryError(
        RegistryErrorCode.BadRequest,
        `access must be public or private, not '${access}'`,
      )
    }
    const tarball = await readLimitedBody(c, deps.maxUploadBytes)
    const version = c.req.query('version')
    const expectedIntegrity = c.req.header(integrityHeader)
    const signatureBundle = readSignatureHeader(c.req.header(signatureHeader))
    const tag = c.req.query('tag') ?? 'latest'
    const published = await publishSkill(deps, {
      name,
      tarball,
      tag,
      private: access === 'private',
      publisher: principal.tokenName ?? 'anonymous',
      ...(version === undefined ? {} : { version }),
      ...(expectedIntegrity === undefined ? {} : { expectedIntegrity }),
      ...(signatureBundle === undefined ? {} : { signatureBundle }),
      // Written with the version, in its transaction (metadata-store.ts, NewVersion.activity).
      ...(deps.activity === undefined
        ? {}
        : { activity: { details: { tag, private: access === 'private' } } }),
    })
    await deps.invalidation.publish(name)
    requestLogger(c).info(
      { skill: name, version: published.version, publisher: principal.tokenName },
      'published',
    )
    return c.json(published, 201)
  })
}
