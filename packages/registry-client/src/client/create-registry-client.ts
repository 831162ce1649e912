import { livezResponseSchema } from '../wire/documents.js'
import { createDistTagMethods } from './dist-tag-methods.js'
import { createExperimentMethods } from './experiment-methods.js'
import type { RegistryClient, RegistryClientOptions } from './registry-client.js'
import { createRegistryTransport } from './registry-transport.js'
import { createSignatureMethods } from './signature-methods.js'
import { createSkillMethods } from './skill-methods.js'
import { createTokenMethods } from './token-methods.js'
import { createVersionMethods } from './version-methods.js'

/**
 * A typed client of the registry at `options.registry`. Validates the options up front and
 * throws REGISTRY_CONFIG_INVALID for a bad URL (or one with credentials), token, user agent or
 * timeout; sends nothing until a method is called. Methods are plain functions: destructuring
 * them is safe.
 */
export function createRegistryClient(options: RegistryClientOptions): RegistryClient {
  const transport = createRegistryTransport(options)
  return {
    ...createSkillMethods(transport),
    ...createVersionMethods(transport),
    ...createDistTagMethods(transport),
    ...createTokenMethods(transport),
    ...createExperimentMethods(transport),
    ...createSignatureMethods(transport),
    livez: () => transport.json(livezResponseSchema, { method: 'GET', path: '/livez' }),
  }
}
