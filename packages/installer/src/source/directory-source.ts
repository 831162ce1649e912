import { stat } from 'node:fs/promises'
import { basename } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { packSkillFolder } from './pack-skill-folder.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { FetchedSkill, Resolution, Source } from './source.js'

/**
 * Skills in a local folder (`file:` and `link:` specs). Both resolve and fetch load the folder,
 * refuse an invalid skill (INSTALL_INVALID_SKILL) and pack it deterministically, so an unchanged
 * folder always gives the same integrity and an edited one shows up as a mismatch. A missing
 * folder is INSTALL_SPEC_INVALID. The name comes from SKILL.md (which must match the folder name,
 * as lint requires), the version from `metadata.version`, else 0.0.0.
 */
export function createDirectorySource(options: { readonly force?: boolean } = {}): Source {
  return {
    kind: 'directory',
    async resolve(spec: SkillSourceSpec): Promise<Resolution> {
      if (spec.kind !== 'directory') throw new Error(`directory source given a ${spec.kind} spec`)
      const packed = await packDirectory(spec.path, options)
      return {
        name: packed.name,
        version: packed.version,
        source: { type: 'directory', path: spec.path, link: spec.link },
        integrity: packed.integrity,
      }
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'directory') throw new Error(`directory source given ${source.type}`)
      const packed = await packDirectory(source.path, options)
      return { tarball: packed.tarball, integrity: packed.integrity }
    },
  }
}

async function packDirectory(
  path: string,
  options: { readonly force?: boolean },
): ReturnType<typeof packSkillFolder> {
  await assertFolder(path)
  return packSkillFolder(path, basename(path), options)
}

async function assertFolder(path: string): Promise<void> {
  try {
    if ((await stat(path)).isDirectory()) return
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error
  }
  throw new SkillshipError(InstallErrorCode.SpecInvalid, `No skill folder at ${path}`, {
    hint: 'Point file: or link: at a folder holding SKILL.md.',
    path,
  })
}
