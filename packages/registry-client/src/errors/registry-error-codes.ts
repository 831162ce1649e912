/**
 * Stable codes of the registry, shared by the server (which maps them to HTTP statuses) and the
 * client (which rebuilds them from the error body). Documented in docs/errors.md.
 */
export const RegistryErrorCode = {
  BadRequest: 'REGISTRY_BAD_REQUEST',
  Unauthorized: 'REGISTRY_UNAUTHORIZED',
  Forbidden: 'REGISTRY_FORBIDDEN',
  NotFound: 'REGISTRY_NOT_FOUND',
  VersionNotFound: 'REGISTRY_VERSION_NOT_FOUND',
  NoMatchingVersion: 'REGISTRY_NO_MATCHING_VERSION',
  VersionExists: 'REGISTRY_VERSION_EXISTS',
  VersionInvalid: 'REGISTRY_VERSION_INVALID',
  NameMismatch: 'REGISTRY_NAME_MISMATCH',
  InvalidSkill: 'REGISTRY_INVALID_SKILL',
  UnsafeArchive: 'REGISTRY_UNSAFE_ARCHIVE',
  IntegrityMismatch: 'REGISTRY_INTEGRITY_MISMATCH',
  PayloadTooLarge: 'REGISTRY_PAYLOAD_TOO_LARGE',
  TagInvalid: 'REGISTRY_TAG_INVALID',
  /** The registry's audit blocked the upload (HTTP 422, findings in `details`); nothing stored. */
  AuditBlocked: 'REGISTRY_AUDIT_BLOCKED',
  /** A re-audit blocked this version: withheld from resolution, loads and MCP (HTTP 410). */
  VersionBlocked: 'REGISTRY_VERSION_BLOCKED',
  ScopeInvalid: 'REGISTRY_SCOPE_INVALID',
  TokenNotFound: 'REGISTRY_TOKEN_NOT_FOUND',
  /** A publish's signature bundle does not verify for that tarball, name and version with an allowed, unrevoked key. */
  SignatureInvalid: 'REGISTRY_SIGNATURE_INVALID',
  /** An unsigned publish of a name the registry requires signatures for. */
  SignatureRequired: 'REGISTRY_SIGNATURE_REQUIRED',
  PublisherKeyNotFound: 'REGISTRY_PUBLISHER_KEY_NOT_FOUND',
  PublisherKeyExists: 'REGISTRY_PUBLISHER_KEY_EXISTS',
  StorageUnavailable: 'REGISTRY_STORAGE_UNAVAILABLE',
  ConfigInvalid: 'REGISTRY_CONFIG_INVALID',
  Internal: 'REGISTRY_INTERNAL',
  Unreachable: 'REGISTRY_UNREACHABLE',
  Protocol: 'REGISTRY_PROTOCOL',
  NotLoggedIn: 'REGISTRY_NOT_LOGGED_IN',
  /** An answer body over the client's cap (tarball or JSON), refused as soon as it passed it. */
  ResponseTooLarge: 'REGISTRY_RESPONSE_TOO_LARGE',
  /** A redirect the client does not follow: to another origin, in a loop, or too many. */
  RedirectRefused: 'REGISTRY_REDIRECT_REFUSED',
} as const

export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode]
