import { AuditErrorCode } from '@skillship/audit/errors'
import { SkillErrorCode } from '@skillship/core/errors'
import { InstallErrorCode, RuntimeErrorCode } from '@skillship/installer/errors'
import {
  ExperimentErrorCode,
  RegistryErrorCode,
  ServeErrorCode,
} from '@skillship/registry-client/errors'
import { SignatureErrorCode } from '@skillship/signing/errors'
import { CliErrorCode } from './cli-error-codes.js'

/** The process exit codes of every command (architecture guide, section 4). */
export const ExitCode = {
  Ok: 0,
  Failed: 1,
  Usage: 2,
  Unreachable: 3,
  NotFound: 4,
  Security: 5,
} as const

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

// Every code that does not mean "the input failed" (exit 1), in one table.
const exitCodeOf: Readonly<Record<string, ExitCode>> = {
  [CliErrorCode.Usage]: ExitCode.Usage,
  [AuditErrorCode.Blocked]: ExitCode.Security,
  [AuditErrorCode.PolicyInvalid]: ExitCode.Usage,
  [CliErrorCode.UnknownCommand]: ExitCode.Usage,
  [CliErrorCode.UnknownOption]: ExitCode.Usage,
  [SkillErrorCode.PathNotFound]: ExitCode.NotFound,
  [SkillErrorCode.NotASkill]: ExitCode.NotFound,
  [SkillErrorCode.SkillMdMissing]: ExitCode.NotFound,
  [SkillErrorCode.PathUnsafe]: ExitCode.Security,
  [SkillErrorCode.PathCollision]: ExitCode.Security,
  [SkillErrorCode.LinkEscape]: ExitCode.Security,
  [SkillErrorCode.SpecialFile]: ExitCode.Security,
  [SkillErrorCode.SetuidBit]: ExitCode.Security,
  [SkillErrorCode.ArchiveLink]: ExitCode.Security,
  [SkillErrorCode.ArchiveBomb]: ExitCode.Security,
  [SkillErrorCode.ArchiveTooLarge]: ExitCode.Security,
  [RegistryErrorCode.Unreachable]: ExitCode.Unreachable,
  [RegistryErrorCode.StorageUnavailable]: ExitCode.Unreachable,
  [RegistryErrorCode.NotFound]: ExitCode.NotFound,
  [RegistryErrorCode.VersionNotFound]: ExitCode.NotFound,
  [RegistryErrorCode.NoMatchingVersion]: ExitCode.NotFound,
  [RegistryErrorCode.TokenNotFound]: ExitCode.NotFound,
  [RegistryErrorCode.PublisherKeyNotFound]: ExitCode.NotFound,
  [RegistryErrorCode.SignatureInvalid]: ExitCode.Security,
  [RegistryErrorCode.SignatureRequired]: ExitCode.Security,
  [RegistryErrorCode.IntegrityMismatch]: ExitCode.Security,
  [RegistryErrorCode.UnsafeArchive]: ExitCode.Security,
  [RegistryErrorCode.AuditBlocked]: ExitCode.Security,
  [RegistryErrorCode.VersionBlocked]: ExitCode.Security,
  [RegistryErrorCode.ConfigInvalid]: ExitCode.Usage,
  [CliErrorCode.ConfigInvalid]: ExitCode.Usage,
  [InstallErrorCode.IntegrityMismatch]: ExitCode.Security,
  [InstallErrorCode.AuditBlocked]: ExitCode.Security,
  [InstallErrorCode.LockSourceMismatch]: ExitCode.Security,
  [InstallErrorCode.NoMatchingVersion]: ExitCode.NotFound,
  [InstallErrorCode.ManifestMissing]: ExitCode.NotFound,
  [InstallErrorCode.NotInstalled]: ExitCode.NotFound,
  [InstallErrorCode.FetchFailed]: ExitCode.Unreachable,
  [InstallErrorCode.UnknownAgent]: ExitCode.Usage,
  [InstallErrorCode.SpecInvalid]: ExitCode.Usage,
  [InstallErrorCode.SpecAmbiguous]: ExitCode.Usage,
  [InstallErrorCode.GitMultipleSkills]: ExitCode.Usage,
  [InstallErrorCode.GitSkillNotFound]: ExitCode.NotFound,
  [InstallErrorCode.GitUnsafePath]: ExitCode.Security,
  [RuntimeErrorCode.PythonNotFound]: ExitCode.NotFound,
  [RuntimeErrorCode.EnvMissing]: ExitCode.NotFound,
  [RuntimeErrorCode.SkillNotInstalled]: ExitCode.NotFound,
  [RuntimeErrorCode.ScriptNotFound]: ExitCode.NotFound,
  [RuntimeErrorCode.ScriptUnsupported]: ExitCode.Usage,
  [ServeErrorCode.FileNotFound]: ExitCode.NotFound,
  [ServeErrorCode.NotReady]: ExitCode.Unreachable,
  [ServeErrorCode.Busy]: ExitCode.Unreachable,
  [ServeErrorCode.Stalled]: ExitCode.Unreachable,
  [ServeErrorCode.ConfigInvalid]: ExitCode.Usage,
  [ExperimentErrorCode.NotFound]: ExitCode.NotFound,
  [SignatureErrorCode.KeyNotFound]: ExitCode.NotFound,
  [SignatureErrorCode.DigestInputInvalid]: ExitCode.Security,
  [SignatureErrorCode.BundleInvalid]: ExitCode.Security,
  [SignatureErrorCode.KeyUnknown]: ExitCode.Security,
  [SignatureErrorCode.Invalid]: ExitCode.Security,
  [SignatureErrorCode.StatementInvalid]: ExitCode.Security,
  [SignatureErrorCode.SubjectMismatch]: ExitCode.Security,
  [InstallErrorCode.SignatureMissing]: ExitCode.Security,
  [InstallErrorCode.SignatureInvalid]: ExitCode.Security,
  [InstallErrorCode.SignatureUntrusted]: ExitCode.Security,
  [InstallErrorCode.SignatureRevoked]: ExitCode.Security,
  [InstallErrorCode.SignatureRegistryInvalid]: ExitCode.Security,
  [InstallErrorCode.SignatureSignerChanged]: ExitCode.Security,
}

/** The exit code for an error code; anything unlisted is a failure on the input (1). */
export function exitCodeFor(code: string): ExitCode {
  return exitCodeOf[code] ?? ExitCode.Failed
}

/** The most serious exit code of several: security beats not-found beats plain failure. */
export function worstExitCode(codes: readonly ExitCode[]): ExitCode {
  const rank: readonly ExitCode[] = [
    ExitCode.Security,
    ExitCode.Usage,
    ExitCode.NotFound,
    ExitCode.Unreachable,
    ExitCode.Failed,
  ]
  return rank.find((code) => codes.includes(code)) ?? ExitCode.Ok
}
