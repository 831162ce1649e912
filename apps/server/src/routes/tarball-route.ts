import { RegistryErrorCode, tarballContentType } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { canRead } from '../auth/access.js'
import { notFound } from '../documents/read-skill-document.js'
import { registryError } from '../http/registry-error.js'

/**
 * `GET /v1/skills/:name/-/:version.tgz`: the immutable tarball. Yanked versions still download by
 * exact version, so existing lockfiles keep installing.
 */
export function registerTarballRoute(app: Hono<RegistryEnv>, deps: RegistryDeps): void {
  app.get('/v1/skills/:name/-/:file', async (c) => {
    const name = c.req.param('name')
    const file = c.req.param('file')
    if (!file.endsWith('.tgz')) throw notFound(name)
    const version = file.slice(0, -'.tgz'.length)
    const skill = await deps.metadata.getSkill(name)
    if (!skill || !canRead(c.get('principal'), skill)) throw notFound(name)
    const record = await deps.metadata.getVersion(name, version)
    if (!record)
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    const bytes = await deps.blobs.get(record.integrity)
    if (!bytes) {
      throw registryError(
        RegistryErrorCode.StorageUnavailable,
        `The tarball of ${name}@${version} is missing from blob storage`,
      )
    }
    const etag = `"${record.integrity}"`
    c.header('etag', etag)
    c.header(
      'cache-control',
      skill.private
        ? 'private, max-age=31536000, immutable'
        : 'public, max-age=31536000, immutable',
    )
    if (c.req.header('if-none-match') === etag) return c.body(null, 304)
    c.header('content-type', tarballContentType)
    c.header('content-length', String(bytes.byteLength))
    return c.body(bytes as Uint8Array<ArrayBuffer>)
  })
}
