// Skill sources (`@skillship/installer/sources`): registry, folder, archive and git, behind one
// interface, and the spec parser. Kept out of the main entry so an install loads them lazily.
export { type ArchiveSourceOptions, createArchiveSource } from './source/archive-source.js'
export {
  type CreateSourcesOptions,
  createRegistrySource,
  createSources,
  type ParseSourceSpecOptions,
  parseSourceSpec,
  type RegistrySourceOptions,
  type Sources,
} from './source/create-sources.js'
export { createDirectorySource } from './source/directory-source.js'
export { formatSourceSpec } from './source/format-source-spec.js'
export { createGitSource } from './source/git-source.js'
export { type GitHosts, parseGitShorthand, publicGitHosts } from './source/parse-git-shorthand.js'
export type { LockedSource, SkillSourceSpec } from './source/skill-source-spec.js'
export type { FetchedSkill, Resolution, Source } from './source/source.js'
