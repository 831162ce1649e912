import { packSkill } from '@skillship/core/node'
import { loadValidSkill } from '../store/content-store.js'

/** A skill folder packed for the store: the canonical tarball, its SRI, name and version. */
export interface PackedSkillFolder {
  readonly name: string
  readonly version: string
  readonly description: string | undefined
  readonly tarball: Uint8Array
  readonly integrity: string
}

/**
 * Loads `root` with `loadValidSkill` (refusing invalid skills with INSTALL_INVALID_SKILL; `force`
 * lets spec violations through) and packs it deterministically with core: the same files always
 * give the same bytes and integrity. The version is `metadata.version`, else `fallbackVersion`
 * (default 0.0.0).
 */
export async function packSkillFolder(
  root: string,
  directoryName: string | undefined,
  options: { readonly force?: boolean; readonly fallbackVersion?: string } = {},
): Promise<PackedSkillFolder> {
  const valid = await loadValidSkill(root, directoryName, options)
  const version = valid.declaredVersion ?? options.fallbackVersion ?? valid.version
  const packed = await packSkill(valid.loaded, { version })
  return {
    name: valid.name,
    version,
    description: valid.loaded.validation.properties?.description,
    tarball: packed.tarball,
    integrity: packed.integrity,
  }
}
