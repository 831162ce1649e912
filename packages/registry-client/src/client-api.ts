// `@skillship/registry-client/client`: the typed client, its error codes and version resolution,
// without the rest of the wire contract the package index re-exports (experiment, activity,
// console and event documents). Code on a short command's path (a no-op `install --frozen` asking
// for verdicts) imports this, so loading it evaluates only the schemas the client's own methods
// parse with; the index re-exports the same bindings.
export { createRegistryClient } from './client/create-registry-client.js'
export type {
  RegistryClient,
  RegistryClientOptions,
} from './client/registry-client.js'
export { RegistryErrorCode } from './errors/registry-error-codes.js'
export { isAuditBlocked, isValidTag, resolveVersion } from './resolve/resolve-version.js'
export type { AuditSummary } from './wire/audit-summary.js'
export type {
  DocumentsResponse,
  SkillDocument,
  VersionDocument,
} from './wire/documents.js'
