// The public API of @skillship/installer. Skill sources live in `@skillship/installer/sources`,
// so that loading the installer does not load the git, archive and folder readers.
export { InstallErrorCode } from './errors/install-error-codes.js'
export { RuntimeErrorCode } from './errors/runtime-error-codes.js'
export {
  type CollectGarbageOptions,
  collectGarbage,
  type GcReport,
} from './gc/collect-garbage.js'
export { type AddRequest, addSkills } from './install/add-skills.js'
export type { InstallRequest, InstallResult } from './install/install-request.js'
export { type ListedSkill, listSkills } from './install/list-skills.js'
export { type OutdatedRow, outdatedSkills } from './install/outdated-skills.js'
export { type InstallPlan, type PlannedSkill, planInstall } from './install/plan-install.js'
export {
  prepareRuntimes,
  type RuntimeState,
  readRuntimeState,
  type SkillRuntimeRecord,
} from './install/prepare-runtimes.js'
export { removeSkills } from './install/remove-skills.js'
export { runInstall } from './install/run-install.js'
export { updateSkills } from './install/update-skills.js'
export type { AgentReport, AgentTarget, LinkMode } from './link/agent-target.js'
export {
  agentIds,
  agentSkillDirs,
  agentsTable,
  type DetectedAgent,
  detectAgents,
  findAgent,
  type InstallScope,
} from './link/agents.js'
export { placeSkill } from './link/place-skill.js'
export { isPlacedCorrectly, verifyPlacedSkill } from './link/verify-placed-skill.js'
export { readLockfile, serializeLockfile, writeLockfile } from './lockfile/lockfile.js'
export type { LockedFile, LockedSkill, Lockfile } from './lockfile/lockfile-schema.js'
export { currentLockfileVersion } from './lockfile/lockfile-schema.js'
export type { Manifest } from './manifest/manifest.js'
export { readManifest, writeManifest } from './manifest/manifest.js'
export {
  acquireProjectLock,
  type InstallerOptions,
  type InstallProgress,
  installerPaths,
  knownProjects,
  type ProjectLock,
  type ProjectLockOptions,
  rememberProject,
} from './project/project.js'
export { discoverSkillRuntime } from './runtimes/discover/discover-skill-runtime.js'
export type {
  NodeNeeds,
  PythonNeeds,
  SkillRuntimeNeeds,
} from './runtimes/discover/skill-runtime-needs.js'
export { checkNodeEnv } from './runtimes/node/check-node-env.js'
export { ensureNodeEnv } from './runtimes/node/ensure-node-env.js'
export type { EnsureNodeEnvOptions, NodeEnv } from './runtimes/node/node-env.js'
export { nodeRunEnvironment } from './runtimes/node/node-run-environment.js'
export { ensurePythonEnv } from './runtimes/python/build-python-env.js'
export {
  findPythonInterpreters,
  type PythonInterpreter,
} from './runtimes/python/interpreters.js'
export {
  checkPythonEnv,
  type EnsurePythonEnvOptions,
  type PythonEnv,
  selectInterpreter,
} from './runtimes/python/python-env.js'
export { planSkillRun, type SkillRunRequest } from './runtimes/run/plan-skill-run.js'
export { type GitHosts, publicGitHosts } from './source/parse-git-shorthand.js'
export type { LockedSource, SkillSourceSpec } from './source/skill-source-spec.js'
export type { DiscoveredRepository, DiscoveredSkill } from './source/source.js'
export { readInstalledState } from './state/installed-state.js'
export type { ContentStore, StoreEntry } from './store/content-store.js'
export { createContentStore } from './store/content-store.js'
export { type VerifiedInstall, verifyInstalled } from './trust/verify-installed.js'
