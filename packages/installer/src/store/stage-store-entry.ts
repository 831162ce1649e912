import { fchmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { hostname } from 'node:os'
import { basename, join } from 'node:path'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import { sha256Hex } from '@skillship/core/integrity'
import type { LockedFile } from '../lockfile/lockfile-schema.js'
import { inFolderMadeOnDemand } from '../shared/helpers.js'
import { removeTree } from './remove-tree.js'
import type { StoredFileId } from './store-seal.js'
import { sealEntryFolders, sealFileAt, sealOpenFile, serializeIndex, tmpDir } from './store-seal.js'

/** A finished entry folder in `<root>/tmp`, ready to be renamed into place. */
export interface StagedEntry {
  readonly dir: string
  readonly files: readonly LockedFile[]
  readonly fileIds: Map<string, StoredFileId>
}

/** The tmp folder name prefix of this process: lets a later sweep tell whose leftovers are whose. */
export function stagingPrefix(): string {
  return `${process.pid}.${sha256Hex(Buffer.from(hostname())).slice(0, 8)}.`
}

/**
 * Builds a complete entry for already verified `tarball` bytes in a fresh `<root>/tmp/<random>`:
 * core's safe unpack into `skill/` (which hashes every file as it writes it, and seals it through
 * its descriptor before closing it), SKILL.md rewritten as UTF-8 without BOM when it was in
 * another encoding (every other file byte-exact) and sealed after that, the folders sealed, and
 * `index.json` written last. On failure the staging folder is removed and the error rethrown.
 */
export async function stageStoreEntry(
  root: string,
  tarball: Uint8Array,
  integrity: string,
): Promise<StagedEntry> {
  // The tmp folder exists after the first add: made only when the first try says it is missing.
  const dir = inFolderMadeOnDemand(tmpDir(root), () =>
    mkdtempSync(join(tmpDir(root), stagingPrefix())),
  )
  try {
    // Loaded on first use: the archive readers are most of the code a warm install would load.
    const { unpackSkillArchive } = await import('@skillship/core/unpack')
    const sealedOnWrite = new Map<string, StoredFileId>()
    const unpacked = await unpackSkillArchive(tarball, join(dir, 'skill'), {
      finishFile: (fd, file) => {
        // A SKILL.md may yet be rewritten as UTF-8: it is sealed by path once it is final.
        if (isSkillMdName(file.path)) fchmodSync(fd, file.mode)
        else sealedOnWrite.set(file.path, sealOpenFile(fd, file.mode))
      },
    })
    const archivePath = (path: string) =>
      unpacked.wrapper === undefined ? path : `${unpacked.wrapper}/${path}`
    const files: LockedFile[] = []
    const fileIds = new Map<string, StoredFileId>()
    for (const file of unpacked.files) {
      const stored = isRootSkillMd(file.path)
        ? normaliseSkillMd(file.path, file.absolutePath, file.mode)
        : { path: file.path, size: file.size, mode: file.mode, sha256: file.sha256 }
      files.push(stored)
      const id = sealedOnWrite.get(archivePath(file.path))
      fileIds.set(file.path, id ?? sealFileAt(file.absolutePath, file.mode))
    }
    sealEntryFolders(unpacked.root, files)
    writeFileSync(join(dir, 'index.json'), serializeIndex(integrity, files))
    return { dir, files, fileIds }
  } catch (error) {
    await removeTree(dir)
    throw error
  }
}

function isSkillMdName(path: string): boolean {
  return basename(path).toLowerCase() === 'skill.md'
}

function isRootSkillMd(path: string): boolean {
  return path.toLowerCase() === 'skill.md'
}

/** SKILL.md as stored: re-encoded as UTF-8 when it was in another encoding. */
function normaliseSkillMd(path: string, absolutePath: string, mode: number): LockedFile {
  const bytes = readFileSync(absolutePath)
  const decoded = decodeSkillMd(bytes)
  if (decoded.encoding === 'utf-8') {
    return { path, size: bytes.length, mode, sha256: sha256Hex(bytes) }
  }
  const utf8 = Buffer.from(decoded.text, 'utf8')
  writeFileSync(absolutePath, utf8)
  return { path, size: utf8.length, mode, sha256: sha256Hex(utf8) }
}
