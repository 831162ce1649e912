import { packSkill } from '@skillship/core/node'
import { loadValidSkill } from './load-valid-skill.js'

/** A skill folder packed for the store: the canonical tarball, its SRI, name and version. */
export interface PackedSkillFolder {
  readonly name: string
  readonly version: string
  readonly tarball: Uint8Array
  readonly integrity: string
}

/**
 * Loads `root` with `loadValidSkill` (refusing invalid skills with INSTALL_INVALID_SKILL; `force`
 * lets spec violations through) and packs
 * it deterministically with core: the same files always give the same bytes and integrity.
 */
export async function packSkillFolder(
  root: string,
  directoryName: string | undefined,
  options: { readonly force?: boolean } = {},
): Promise<PackedSkillFolder> {
  const { loaded, name, version } = await loadValidSkill(root, directoryName, options)
  const packed = await packSkill(loaded, { version })
  return { name, version, tarball: packed.tarball, integrity: packed.integrity }
}
