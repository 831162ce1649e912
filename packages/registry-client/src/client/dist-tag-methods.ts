import { distTagsResponseSchema } from '../wire/documents.js'
import { routes } from '../wire/routes.js'
import type { RegistryClient } from './registry-client.js'
import type { RegistryTransport } from './registry-transport.js'

/** The dist-tag methods of `RegistryClient`. */
export function createDistTagMethods(
  transport: RegistryTransport,
): Pick<RegistryClient, 'getDistTags' | 'setDistTag' | 'removeDistTag'> {
  return {
    getDistTags: (name) =>
      transport.json(distTagsResponseSchema, { method: 'GET', path: routes.distTags(name) }),
    setDistTag: (name, tag, version) =>
      transport.json(distTagsResponseSchema, {
        method: 'PUT',
        path: routes.distTag(name, tag),
        json: { version },
      }),
    removeDistTag: (name, tag) =>
      transport.json(distTagsResponseSchema, { method: 'DELETE', path: routes.distTag(name, tag) }),
  }
}
