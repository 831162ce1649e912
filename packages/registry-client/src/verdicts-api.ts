// `@skillship/registry-client/verdicts`: the registry's current verdicts on locked versions
// (`POST /v1/verdicts`), alone. A no-op `install --frozen` asks this before it stands on its
// install stamp, so it loads the transport, the verdicts schema and the error codes, not the
// client's other methods, the document schemas or version resolution (semver).
//
// Transport: node:http, as the full client's (registry-transport.ts, same options, bounds, retry
// and redirect policy, proxy through `options.fetch`). The global fetch was measured as the
// alternative and costs far more to start (about 70-90 ms CPU for its first request against
// 15 ms for node:http, 2026-12-07, bench machine), and a raw node:net exchange would save about
// 3 ms at the price of an HTTP parser of our own.
import { isSkillshipError } from '@skillship/core/errors'
import { readVerdicts, type VerdictAnswer } from './client/read-verdicts.js'
import type { RegistryClientOptions } from './client/registry-client.js'
import { createRegistryTransport } from './client/registry-transport.js'
import type { VerdictRef } from './wire/verdict-documents.js'

export { type VerdictAnswer, verdictKey } from './client/read-verdicts.js'
export type { RegistryClientOptions } from './client/registry-client.js'

import { RegistryErrorCode } from './errors/registry-error-codes.js'

export type { AuditSummary } from './wire/audit-summary.js'
export type { RegistrySignature } from './wire/signature-documents.js'
export type { VerdictRef, VersionVerdict } from './wire/verdict-documents.js'
export { RegistryErrorCode }

/** Reads the registry's current verdicts; see createVerdictsReader. */
export interface VerdictsReader {
  read(refs: readonly VerdictRef[]): Promise<Map<string, VerdictAnswer>>
}

/**
 * A verdicts reader of the registry at `options.registry` (REGISTRY_CONFIG_INVALID as the
 * client): `POST /v1/verdicts` (readVerdicts), and from the skill documents when the registry
 * predates that route (its 404, REGISTRY_NOT_FOUND: the route itself lists unknown names in its
 * answer, never as a 404). Errors keep their REGISTRY_* codes.
 */
export function createVerdictsReader(options: RegistryClientOptions): VerdictsReader {
  const transport = createRegistryTransport(options)
  return {
    read: (refs) =>
      readVerdicts(transport, refs).catch(async (error: unknown) => {
        if (!(isSkillshipError(error) && error.code === RegistryErrorCode.NotFound)) throw error
        const { verdictsFromDocuments } = await import('./client/verdicts-from-documents.js')
        return verdictsFromDocuments(transport, refs)
      }),
  }
}
