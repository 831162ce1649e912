// The Node.js public API of @skillship/core: filesystem, archives, and the whole-skill operations.

export { defaultUnpackLimits, type UnpackLimits } from './node/archive/archive-limits.js'
export { type ArchiveFormat, detectArchiveFormat } from './node/archive/detect-archive-format.js'
export { computeIntegrity, sha256Hex, verifyIntegrity } from './node/archive/integrity.js'
export {
  type PackedArchive,
  type PackedFile,
  type PackSkillTreeOptions,
  packSkillTree,
} from './node/archive/pack-skill-tree.js'
export {
  readTarEntries,
  type TarEntry,
  type TarEntryKind,
} from './node/archive/read-tar-entries.js'
export {
  type UnpackedFile,
  type UnpackedSkill,
  type UnpackSkillArchiveOptions,
  unpackSkillArchive,
} from './node/archive/unpack-skill-archive.js'
export { type WriteFileAtomicOptions, writeFileAtomic } from './node/fs/write-file-atomic.js'
export { fixSkillDirectory } from './node/read/fix-skill-directory.js'
export { type LintedSkill, type LintOptions, lintPath } from './node/read/lint-path.js'
export {
  issueFromError,
  type LoadedSkill,
  type LoadSkillOptions,
  loadSkill,
  maxSkillMdBytes,
} from './node/read/load-skill.js'
export { type PackedSkill, packSkill } from './node/read/pack-skill.js'
export { checkEntryPath } from './node/tree/check-entry-path.js'
export { defaultTreeLimits, type TreeLimits } from './node/tree/tree-limits.js'
export {
  type SkillFileEntry,
  type SkillTree,
  type WalkSkillTreeOptions,
  walkSkillTree,
} from './node/tree/walk-skill-tree.js'
