// The public API of @skillship/installer.
export { InstallErrorCode } from './errors/install-error-codes.js'
export type { AgentReport, AgentTarget, LinkMode } from './link/agent-target.js'
export type { LockedFile, LockedSkill, Lockfile } from './lockfile/lockfile-schema.js'
export { currentLockfileVersion } from './lockfile/lockfile-schema.js'
export type { Manifest } from './manifest/manifest-schema.js'
export type { LockedSource, SkillSourceSpec } from './source/skill-source-spec.js'
export type { FetchedSkill, Resolution, Source } from './source/source.js'
export type { ContentStore, StoreEntry } from './store/content-store.js'
