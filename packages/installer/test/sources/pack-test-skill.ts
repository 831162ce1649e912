import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { zipSync } from 'fflate'

/** Packs a skill folder with core (a deterministic .tgz with the skill's wrapper folder). */
export async function packTestSkill(root: string): Promise<Uint8Array> {
  return (await packSkill(await loadSkill(root))).tarball
}

/** Zips the given files of a skill folder, at the zip's root (no wrapper), as Qoder exports do. */
export async function zipTestSkill(root: string, files: readonly string[]): Promise<Uint8Array> {
  const entries: Record<string, Uint8Array> = {}
  for (const file of files) entries[file] = await readFile(join(root, file))
  return zipSync(entries, { mtime: new Date('2025-01-01T00:00:00Z') })
}
