import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { isSemver } from '../../validate/semver.js'
import { type PackedArchive, packSkillTree } from '../archive/pack-skill-tree.js'
import { checkEntryPath } from '../tree/check-entry-path.js'
import type { LoadedSkill } from './load-skill.js'

/** A packed skill: the archive plus the name and version it was packed as. */
export interface PackedSkill extends PackedArchive {
  readonly name: string
  readonly version: string | undefined
}

/**
 * Packs a loaded skill into a deterministic `.tgz` whose entries sit under a folder named after
 * the skill. The version is `options.version`, else `metadata.version`; it must be a semantic
 * version when present (SKILL_VERSION_INVALID). Throws SKILL_INVALID when the skill has no usable
 * name. Validation verdicts are the caller's to enforce (the CLI refuses invalid skills).
 */
export async function packSkill(
  skill: LoadedSkill,
  options: { readonly version?: string } = {},
): Promise<PackedSkill> {
  const name = skill.validation.properties?.name
  if (name === undefined || name.includes('/') || name.includes('\\')) {
    throw new SkillshipError(
      SkillErrorCode.Invalid,
      `${skill.root} has no valid skill name to pack under`,
      {
        hint: 'Run `skillship lint` and fix the name field.',
        path: skill.root,
      },
    )
  }
  checkEntryPath(name)
  const version = options.version ?? skill.validation.properties?.version
  if (version !== undefined && !isSemver(version)) {
    throw new SkillshipError(
      SkillErrorCode.VersionInvalid,
      `Version '${version}' is not a semantic version`,
      {
        hint: 'Use MAJOR.MINOR.PATCH, e.g. 1.0.0 (set metadata.version or pass --version).',
        path: skill.root,
      },
    )
  }
  const archive = await packSkillTree(skill.tree, { prefix: name })
  return { ...archive, name, version }
}
