import { readFile } from 'node:fs/promises'
import { sha256Hex, walkSkillTree } from '@skillship/core/node'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { placedMarkerName } from '../state/installed-state.js'

/**
 * The relative paths where the placed folder `dir` differs from the lock's files: a file
 * changed (content or executable bit), missing, or added (skillship's placed marker aside).
 * Sorted; empty when the folder is exactly what skillship.lock records.
 */
export async function tamperedFiles(dir: string, locked: readonly LockedFile[]): Promise<string[]> {
  const tree = await walkSkillTree(dir)
  const expected = new Map(locked.map((file) => [file.path, file]))
  const tampered: string[] = []
  const seen = new Set<string>()
  for (const file of tree.files) {
    if (file.path === placedMarkerName) continue
    seen.add(file.path)
    const want = expected.get(file.path)
    if (
      want === undefined ||
      want.size !== file.size ||
      (want.mode & 0o111) !== (file.mode & 0o111)
    ) {
      tampered.push(file.path)
      continue
    }
    if (sha256Hex(await readFile(file.absolutePath)) !== want.sha256) tampered.push(file.path)
  }
  for (const path of expected.keys()) if (!seen.has(path)) tampered.push(path)
  return tampered.sort()
}
