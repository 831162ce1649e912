import { livezResponseSchema } from '../wire/documents.js'
import { createDistTagMethods } from './dist-tag-methods.js'
import type { ExperimentMethods } from './experiment-methods.js'
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
    ...deferred(experimentMethodNames, async () =>
      (await import('./experiment-methods.js')).createExperimentMethods(transport),
    ),
    ...createSignatureMethods(transport),
    livez: () => transport.json(livezResponseSchema, { method: 'GET', path: '/livez' }),
  }
}

const experimentMethodNames: { readonly [K in keyof ExperimentMethods]: true } = {
  createExperiment: true,
  listExperiments: true,
  getExperiment: true,
  startExperiment: true,
  stopExperiment: true,
  rollbackExperiment: true,
  promoteExperiment: true,
  experimentReport: true,
  getAssignment: true,
  sendEvents: true,
}

/**
 * A method group loaded on its first call: a client that never calls one (an install) evaluates
 * neither its module nor its wire schemas. Every method of `names` returns a promise, so the
 * deferred one answers the same way (a failed load rejects the call that needed it).
 */
function deferred<M extends Partial<RegistryClient>>(
  names: { readonly [K in keyof M]: true },
  load: () => Promise<M>,
): M {
  let loaded: Promise<M> | undefined
  const methods: Record<string, (...args: unknown[]) => Promise<unknown>> = {}
  for (const name of Object.keys(names)) {
    methods[name] = async (...args) => {
      loaded ??= load()
      const group = (await loaded) as unknown as Record<string, (...a: unknown[]) => unknown>
      return await group[name]?.(...args)
    }
  }
  return methods as unknown as M
}
