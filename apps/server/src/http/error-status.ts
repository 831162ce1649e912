import { SkillErrorCode } from '@skillship/core'
import { ExperimentErrorCode, RegistryErrorCode } from '@skillship/registry-client'
import { ServeErrorCode } from '@skillship/registry-client/errors'

/** The HTTP status of every code the server answers with: the one table at the HTTP edge. */
export const errorStatus: Readonly<Record<string, number>> = {
  [RegistryErrorCode.BadRequest]: 400,
  [RegistryErrorCode.TagInvalid]: 400,
  [RegistryErrorCode.ScopeInvalid]: 400,
  [RegistryErrorCode.IntegrityMismatch]: 400,
  [RegistryErrorCode.Unauthorized]: 401,
  [RegistryErrorCode.Forbidden]: 403,
  [RegistryErrorCode.NotFound]: 404,
  [RegistryErrorCode.VersionNotFound]: 404,
  [RegistryErrorCode.NoMatchingVersion]: 404,
  [RegistryErrorCode.TokenNotFound]: 404,
  [RegistryErrorCode.PublisherKeyNotFound]: 404,
  [RegistryErrorCode.PublisherKeyExists]: 409,
  [RegistryErrorCode.SignatureInvalid]: 422,
  [RegistryErrorCode.SignatureRequired]: 422,
  [RegistryErrorCode.VersionExists]: 409,
  [RegistryErrorCode.PayloadTooLarge]: 413,
  [RegistryErrorCode.NameMismatch]: 422,
  [RegistryErrorCode.InvalidSkill]: 422,
  [RegistryErrorCode.UnsafeArchive]: 422,
  [RegistryErrorCode.VersionInvalid]: 422,
  [RegistryErrorCode.AuditBlocked]: 422,
  [RegistryErrorCode.VersionBlocked]: 410,
  [RegistryErrorCode.StorageUnavailable]: 503,
  [RegistryErrorCode.Internal]: 500,
  [ServeErrorCode.FileNotFound]: 404,
  [ServeErrorCode.LoadFailed]: 500,
  [ServeErrorCode.NotReady]: 503,
  [ServeErrorCode.Busy]: 503,
  [ServeErrorCode.Stalled]: 503,
  [ServeErrorCode.ConfigInvalid]: 500,
  [ServeErrorCode.CsrfRejected]: 403,
  [ExperimentErrorCode.NotFound]: 404,
  [ExperimentErrorCode.Exists]: 409,
  [ExperimentErrorCode.Invalid]: 422,
  [ExperimentErrorCode.Conflict]: 409,
  [ExperimentErrorCode.EventsInvalid]: 400,
  [ExperimentErrorCode.EventsLimited]: 429,
}

/** Core codes that mean an uploaded archive tried something dangerous (answered as UNSAFE_ARCHIVE). */
export const unsafeArchiveCodes: ReadonlySet<string> = new Set([
  SkillErrorCode.PathUnsafe,
  SkillErrorCode.PathCollision,
  SkillErrorCode.LinkEscape,
  SkillErrorCode.LinkDirectory,
  SkillErrorCode.SpecialFile,
  SkillErrorCode.SetuidBit,
  SkillErrorCode.ArchiveLink,
  SkillErrorCode.ArchiveBomb,
  SkillErrorCode.ArchiveTooLarge,
])
