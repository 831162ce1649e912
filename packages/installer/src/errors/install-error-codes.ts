/** Stable codes of the installer (documented in docs/errors.md). */
export const InstallErrorCode = {
  SpecInvalid: 'INSTALL_SPEC_INVALID',
  ManifestInvalid: 'INSTALL_MANIFEST_INVALID',
  ManifestMissing: 'INSTALL_MANIFEST_MISSING',
  LockfileInvalid: 'INSTALL_LOCKFILE_INVALID',
  LockfileTooNew: 'INSTALL_LOCKFILE_TOO_NEW',
  LockfileOutOfDate: 'INSTALL_LOCKFILE_OUT_OF_DATE',
  LockSourceMismatch: 'INSTALL_LOCK_SOURCE_MISMATCH',
  NoMatchingVersion: 'INSTALL_NO_MATCHING_VERSION',
  IntegrityMismatch: 'INSTALL_INTEGRITY_MISMATCH',
  FetchFailed: 'INSTALL_FETCH_FAILED',
  GitFailed: 'INSTALL_GIT_FAILED',
  InvalidSkill: 'INSTALL_INVALID_SKILL',
  NameMismatch: 'INSTALL_NAME_MISMATCH',
  UnknownAgent: 'INSTALL_UNKNOWN_AGENT',
  NotInstalled: 'INSTALL_NOT_INSTALLED',
  Locked: 'INSTALL_LOCKED',
  LinkFailed: 'INSTALL_LINK_FAILED',
  VerifyFailed: 'INSTALL_VERIFY_FAILED',
  TargetConflict: 'INSTALL_TARGET_CONFLICT',
  LocalChanges: 'INSTALL_LOCAL_CHANGES',
  StoreCorrupt: 'INSTALL_STORE_CORRUPT',
  NotWritable: 'INSTALL_NOT_WRITABLE',
  ForeignOwner: 'INSTALL_FOREIGN_OWNER',
  RootRefused: 'INSTALL_ROOT_REFUSED',
} as const

export type InstallErrorCode = (typeof InstallErrorCode)[keyof typeof InstallErrorCode]
