import { readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sha256Hex, unpackSkillArchive, walkSkillTree } from '@skillship/core/node'
import { computeSkillDigest, type DigestFile } from '../digest/skill-digest.js'

/**
 * The skill digest of a skill folder (a git checkout is one): the files core's walk lists (its
 * ignores, limits and link rules: `.git` and the like never count), each read and hashed.
 */
export async function skillDigestOfFolder(root: string): Promise<string> {
  const tree = await walkSkillTree(root)
  const files: DigestFile[] = tree.files.map((file) => ({
    path: file.path,
    mode: file.mode,
    sha256: sha256Hex(readFileSync(file.absolutePath)),
  }))
  return computeSkillDigest(files)
}

/**
 * The skill digest of a `.tgz`/`.zip` skill archive (a path or its bytes): unpacked by core's safe
 * unpack into a private temporary folder (every check and bound of an install, wrapper folder
 * stripped), digested from the SHA-256 hashed while writing, then removed.
 */
export async function skillDigestOfArchive(source: string | Uint8Array): Promise<string> {
  const temp = await mkdtemp(join(tmpdir(), 'skillship-digest-'))
  try {
    const unpacked = await unpackSkillArchive(source, join(temp, 'skill'))
    return computeSkillDigest(unpacked.files)
  } finally {
    await rm(temp, { recursive: true, force: true })
  }
}
