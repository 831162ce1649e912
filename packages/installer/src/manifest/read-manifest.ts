import { readTextIfExists } from '../fs/if-exists.js'
import type { Manifest } from './manifest-schema.js'
import { parseManifest } from './parse-manifest.js'

/**
 * Reads skillship.json at `path`: undefined when there is no such file (the caller decides
 * whether that is INSTALL_MANIFEST_MISSING); INSTALL_MANIFEST_INVALID naming the field when the
 * content is not valid. Defaults applied: `agents` ["qoder"], `skills` {}.
 */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  const text = await readTextIfExists(path)
  return text === undefined ? undefined : parseManifest(text, path)
}
