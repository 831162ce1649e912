import { RegistryErrorCode, tarballContentType } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { notFound, readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { createTarballCache } from '../documents/tarball-cache.js'
import { readHeader } from '../http/read-header.js'
import { registryError } from '../http/registry-error.js'
import { inertResponseHeaders } from '../load/file-content-type.js'

/**
 * `GET /v1/skills/:name/-/:version.tgz`: the immutable tarball. Access and the version's integrity
 * come from the (cached) skill document; the bytes from a byte-bounded cache, else blob storage.
 * Yanked versions still download by exact version, so existing lockfiles keep installing.
 */
export function registerTarballRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  documents: SkillDocumentCache,
): void {
  const tarballs = createTarballCache()
  app.get('/v1/skills/:name/-/:file', async (c) => {
    const name = c.req.param('name')
    const file = c.req.param('file')
    if (!file.endsWith('.tgz')) throw notFound(name)
    const version = file.slice(0, -'.tgz'.length)
    const { document } = await readSkillDocument(deps, documents, c.get('principal'), name)
    const integrity = document.versions[version]?.dist.integrity
    if (integrity === undefined)
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    const etag = `"${integrity}"`
    c.header('etag', etag)
    c.header(
      'cache-control',
      document.private
        ? 'private, max-age=31536000, immutable'
        : 'public, max-age=31536000, immutable',
    )
    if (readHeader(c, 'if-none-match') === etag) return c.body(null, 304)
    let bytes = tarballs.get(integrity)
    if (!bytes) {
      bytes = await deps.blobs.get(integrity)
      if (!bytes)
        throw registryError(
          RegistryErrorCode.StorageUnavailable,
          `The tarball of ${name}@${version} is missing from blob storage`,
        )
      tarballs.set(integrity, bytes)
    }
    c.header('content-type', tarballContentType)
    for (const [header, value] of Object.entries(inertResponseHeaders)) c.header(header, value)
    c.header('content-disposition', `attachment; filename="${name}-${version}.tgz"`)
    return c.body(bytes as Uint8Array<ArrayBuffer>)
  })
}
