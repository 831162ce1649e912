import { readFileSync, writeFileSync } from 'node:fs'
import { chmod, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import { sha256Hex } from '@skillship/core/integrity'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { removeTree } from './remove-tree.js'
import { readOnlyMode, tmpDir } from './store-layout.js'

/** A finished entry folder in `<root>/tmp`, ready to be renamed into place. */
export interface StagedEntry {
  readonly dir: string
  readonly files: readonly LockedFile[]
}

/** The tmp folder name prefix of this process: lets a later sweep tell whose leftovers are whose. */
export function stagingPrefix(): string {
  return `${process.pid}.${sha256Hex(Buffer.from(hostname())).slice(0, 8)}.`
}

/**
 * Builds a complete entry for already verified `tarball` bytes in a fresh `<root>/tmp/<random>`:
 * core's safe unpack into `skill/`, SKILL.md rewritten as UTF-8 without BOM when it was in another
 * encoding (every other file byte-exact), every file hashed and made read-only, folders 0555, and
 * `index.json` written last. On failure the staging folder is removed and the error rethrown.
 */
export async function stageStoreEntry(
  root: string,
  tarball: Uint8Array,
  integrity: string,
): Promise<StagedEntry> {
  await mkdir(tmpDir(root), { recursive: true })
  const dir = await mkdtemp(join(tmpDir(root), stagingPrefix()))
  try {
    // Loaded on first use: the archive readers are most of the code a warm install would load.
    const { unpackSkillArchive } = await import('@skillship/core/unpack')
    const unpacked = await unpackSkillArchive(tarball, join(dir, 'skill'))
    const files = unpacked.files.map((file): LockedFile => {
      const bytes = normalise(file.path, file.absolutePath)
      return { path: file.path, size: bytes.length, mode: file.mode, sha256: sha256Hex(bytes) }
    })
    await lockDown(unpacked.root, unpacked.files)
    await writeFile(join(dir, 'index.json'), `${JSON.stringify({ integrity, files })}\n`)
    return { dir, files }
  } catch (error) {
    await removeTree(dir)
    throw error
  }
}

/** The bytes of one file as stored; SKILL.md at the root is re-encoded when it is not UTF-8. */
function normalise(path: string, absolutePath: string): Buffer {
  const bytes = readFileSync(absolutePath)
  if (path.toLowerCase() !== 'skill.md') return bytes
  const decoded = decodeSkillMd(bytes)
  if (decoded.encoding === 'utf-8') return bytes
  const utf8 = Buffer.from(decoded.text, 'utf8')
  writeFileSync(absolutePath, utf8)
  return utf8
}

// Hard links in agent folders share these inodes: without write bits an agent (or a user editing
// "their" copy) fails loudly instead of silently changing every project's skill.
async function lockDown(
  skillDir: string,
  files: readonly { readonly path: string; readonly mode: number }[],
): Promise<void> {
  const folders = new Set<string>([skillDir])
  for (const file of files) {
    const absolutePath = join(skillDir, file.path)
    await chmod(absolutePath, readOnlyMode(file.mode))
    for (let folder = dirname(absolutePath); folder !== skillDir; folder = dirname(folder)) {
      folders.add(folder)
    }
  }
  for (const folder of folders) await chmod(folder, 0o555)
}
