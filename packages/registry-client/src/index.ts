// The public API of @skillship/registry-client: the registry's wire contract and a typed client.
export { RegistryErrorCode } from './errors/registry-error-codes.js'
export { isValidTag, resolveVersion } from './resolve/resolve-version.js'
export { matchesGlob, parseScope, type ScopeAction, scopesAllow, type TokenScope } from './scopes/token-scope.js'
export type {
  CreatedToken,
  CreateTokenRequest,
  DistDocument,
  DistTagsResponse,
  ErrorBody,
  FileDocument,
  PublishResponse,
  ResolveResponse,
  SearchResponse,
  SkillDocument,
  SkillPatch,
  SkillSummary,
  TokenInfo,
  VersionDocument,
  VersionPatch,
} from './wire/documents.js'
export { integrityHeader, routes, tarballContentType } from './wire/routes.js'
