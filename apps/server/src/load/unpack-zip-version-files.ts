import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { unpackSkillArchive } from '@skillship/core/unpack'
import { loadFailed } from './load-failed.js'
import type { LoadedFile } from './loaded-skill.js'
import { pickRecordedFiles } from './unpack-version-files.js'
import type { VersionContent } from './version-content.js'

/**
 * The files of a version published as a `.zip` (the publish accepts both formats). Rare, so it
 * reuses the core's safe unpack into a private temp folder instead of a second in-memory reader;
 * the folder is always removed. Same checks and errors as unpackVersionFiles.
 */
export async function unpackZipVersionFiles(
  zip: Uint8Array,
  version: VersionContent,
): Promise<LoadedFile[]> {
  const scratch = await mkdtemp(join(tmpdir(), 'skillship-load-'))
  try {
    let root: string
    try {
      root = (await unpackSkillArchive(zip, join(scratch, 'skill'))).root
    } catch (error) {
      throw loadFailed(version, 'the zip archive cannot be read', error)
    }
    const byPath = new Map<string, Uint8Array>()
    for (const file of version.files) {
      const bytes = await readFile(join(root, file.path)).catch((error: unknown) => {
        if (errnoCode(error) === 'ENOENT') return undefined
        throw error
      })
      if (bytes !== undefined) byPath.set(file.path, bytes)
    }
    return pickRecordedFiles(byPath, version)
  } finally {
    await rm(scratch, { recursive: true, force: true })
  }
}
