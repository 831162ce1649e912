import { createHash, type Hash } from 'node:crypto'
import { closeSync, constants, fchmodSync, mkdirSync, openSync, writeSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { checkEntryPath } from '../tree/check-entry-path.js'
import { createCollisionGuard } from '../tree/create-collision-guard.js'
import { isIgnoredPath } from '../tree/default-ignores.js'
import {
  hasSetuidBits,
  normalizeFileMode,
  type SkillFileMode,
} from '../tree/normalize-file-mode.js'
import { treeLimitError } from '../tree/tree-limit-error.js'
import { entriesPerFile } from '../tree/tree-limits.js'
import type { UnpackLimits } from './archive-limits.js'

/** What an archive reader knows about one entry before reading its data. */
export interface ArchiveEntryHeader {
  /** The entry name as decoded from the archive, unchecked. */
  readonly name: string
  readonly kind: 'file' | 'directory' | 'link' | 'special' | 'unsupported'
  /** Permission bits (`0o7777`); 0 when the archive records none. */
  readonly mode: number
  /** Declared size of the data in bytes. */
  readonly size: number
}

/** A file written by the sink, relative to its directory. */
export interface ExtractedFile {
  readonly path: string
  readonly size: number
  readonly mode: SkillFileMode
  /** Lowercase hex SHA-256 of the bytes written, hashed as they were written. */
  readonly sha256: string
}

/** Receives the data of one accepted file, in order. */
export interface FileWriter {
  write(chunk: Uint8Array): void
  /** Checks the byte count against the declared size, sets the mode, closes and hashes the file. */
  end(): void
}

/** Validates archive entries and writes the accepted files below one directory. */
export interface ExtractionSink {
  /**
   * Checks an entry and returns a writer for its data, or `undefined` when it is skipped (a
   * folder, `__MACOSX/`, or a default-ignored name such as `.DS_Store`). Throws the path errors of
   * `checkEntryPath` and `PathCollision`, `ArchiveLink` for any link, `SpecialFile` for a device
   * or FIFO, `ArchiveUnsupported` for other entry types, `SetuidBit`, and the tree limit errors.
   */
  begin(header: ArchiveEntryHeader): FileWriter | undefined
  /** The files completed so far, in archive order. */
  readonly files: readonly ExtractedFile[]
  /** Closes a file left open by a failure; safe to call more than once. */
  close(): void
}

// O_EXCL with O_CREAT never follows a symlink at the last component; O_NOFOLLOW says so twice
// where it exists. Parent folders are only ever created by us, inside a fresh 0700 directory.
const createFlags =
  constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0)

/** How a sink lays files out. */
export interface ExtractionSinkOptions {
  /**
   * The archive's one top-level folder (see predictWrapper): files are written below `directory`
   * without it, so `directory` itself becomes the skill root. Every file must lie inside it.
   * `ExtractedFile.path` keeps the archive path, wrapper included.
   */
  readonly stripWrapper?: string
  /** Finishes each file through its descriptor; see FinishFile. */
  readonly finishFile?: FinishFile
}

/**
 * Called with each written file's open descriptor, its bytes all written, just before the sink
 * closes it; `file.path` is the archive path. It replaces the sink's own last step, setting the
 * recorded mode (the open mode is filtered by the umask): a caller that wants a different final
 * mode, fixed times or the file's identity does it here, through the descriptor, instead of by
 * path afterwards.
 */
export type FinishFile = (fd: number, file: Omit<ExtractedFile, 'sha256'>) => void

const setRecordedMode: FinishFile = (fd, file) => fchmodSync(fd, file.mode)

/**
 * Creates a sink writing below `directory` (a fresh, private temp directory), enforcing `limits`
 * as entries arrive. Folders may sit one level deeper than `maxDepth`, for a wrapper folder.
 */
export function createExtractionSink(
  directory: string,
  limits: UnpackLimits,
  options: ExtractionSinkOptions = {},
): ExtractionSink {
  const strip = options.stripWrapper === undefined ? undefined : `${options.stripWrapper}/`
  const guard = createCollisionGuard()
  const files: ExtractedFile[] = []
  // Folders that exist, spelled as dirname() spells a file's folder: the directory itself, and
  // those this sink made (nothing else writes inside the fresh temp directory).
  const folders = new Set<string>([dirname(join(directory, '-'))])
  let entries = 0
  let totalBytes = 0
  let openFd: number | undefined
  const close = (): void => {
    if (openFd !== undefined) closeSync(openFd)
    openFd = undefined
  }
  const begin = (header: ArchiveEntryHeader): FileWriter | undefined => {
    entries += 1
    if (entries > limits.maxFiles * entriesPerFile) {
      throw treeLimitError(SkillErrorCode.TreeTooManyFiles, 'too many archive entries', header.name)
    }
    const path = checkEntryPath(header.name)
    if (!acceptKind(header, path)) return undefined
    checkLimits(limits, path, header.size, files.length, totalBytes)
    guard.add(path)
    totalBytes += header.size
    const target = join(directory, strip === undefined ? path : inside(path, strip))
    const folder = dirname(target)
    if (!folders.has(folder)) {
      mkdirSync(folder, { recursive: true, mode: 0o755 })
      folders.add(folder)
    }
    const fd = openSync(target, createFlags, 0o600)
    openFd = fd
    const file = { path, size: header.size, mode: normalizeFileMode(header.mode) }
    return createWriter(fd, file, options.finishFile ?? setRecordedMode, (sha256) => {
      openFd = undefined
      files.push({ ...file, sha256 })
    })
  }
  return { begin, files, close }
}

// The path below the stripped wrapper; a file outside it means the layout was mispredicted.
function inside(path: string, strip: string): string {
  if (!path.startsWith(strip)) {
    throw new Error(`Archive entry ${path} lies outside the wrapper folder ${strip}`)
  }
  return path.slice(strip.length)
}

/**
 * The checked path at which `begin` would write `header`'s entry, or undefined when it would
 * skip or refuse it: no side effects and nothing thrown, for a look at the layout before writing.
 */
export function previewEntryPath(header: ArchiveEntryHeader): string | undefined {
  if (header.kind !== 'file' || hasSetuidBits(header.mode)) return undefined
  let path: string
  try {
    path = checkEntryPath(header.name)
  } catch (error) {
    if (error instanceof SkillshipError) return undefined
    throw error
  }
  return isSkippedPath(path) ? undefined : path
}

// macOS resource forks and default-ignored names (`.DS_Store`, ...) are left out, never refused.
function isSkippedPath(path: string): boolean {
  return path.startsWith('__MACOSX/') || isIgnoredPath(path)
}

function acceptKind(header: ArchiveEntryHeader, path: string): boolean {
  if (header.kind === 'link') {
    throw new SkillshipError(SkillErrorCode.ArchiveLink, `Archive entry ${path} is a link`, {
      path,
      hint: 'Archives may not contain symlinks or hard links; store a copy of the file.',
    })
  }
  if (header.kind === 'special') {
    throw new SkillshipError(
      SkillErrorCode.SpecialFile,
      `Archive entry ${path} is a device or FIFO`,
      {
        path,
        hint: 'A skill may only contain regular files and folders.',
      },
    )
  }
  if (header.kind === 'unsupported') {
    throw new SkillshipError(
      SkillErrorCode.ArchiveUnsupported,
      `Archive entry ${path} has an unsupported type`,
      { path },
    )
  }
  if (header.kind === 'directory') return false
  if (hasSetuidBits(header.mode)) {
    throw new SkillshipError(
      SkillErrorCode.SetuidBit,
      `Archive entry ${path} is setuid or setgid`,
      {
        path,
        hint: 'A skill never needs elevated privileges.',
      },
    )
  }
  return !isSkippedPath(path)
}

function checkLimits(
  limits: UnpackLimits,
  path: string,
  size: number,
  fileCount: number,
  totalBytes: number,
): void {
  if (path.split('/').length - 1 > limits.maxDepth + 1) {
    const what = `folders nested deeper than ${limits.maxDepth} levels`
    throw treeLimitError(SkillErrorCode.TreeTooDeep, what, path)
  }
  if (fileCount >= limits.maxFiles) {
    throw treeLimitError(
      SkillErrorCode.TreeTooManyFiles,
      `more than ${limits.maxFiles} files`,
      path,
    )
  }
  if (size > limits.maxFileBytes) {
    const what = `a file over ${limits.maxFileBytes} bytes`
    throw treeLimitError(SkillErrorCode.FileTooLarge, what, path)
  }
  if (totalBytes + size > limits.maxTotalBytes) {
    throw treeLimitError(SkillErrorCode.TreeTooLarge, `over ${limits.maxTotalBytes} bytes`, path)
  }
}

function createWriter(
  fd: number,
  file: Omit<ExtractedFile, 'sha256'>,
  finish: FinishFile,
  done: (sha256: string) => void,
): FileWriter {
  const hash: Hash = createHash('sha256')
  let written = 0
  return {
    write(chunk) {
      if (written + chunk.length > file.size) throw sizeMismatch(file.path)
      for (let offset = 0; offset < chunk.length; ) {
        offset += writeSync(fd, chunk, offset, chunk.length - offset)
      }
      hash.update(chunk)
      written += chunk.length
    },
    end() {
      if (written !== file.size) throw sizeMismatch(file.path)
      finish(fd, file)
      closeSync(fd)
      done(hash.digest('hex'))
    },
  }
}

function sizeMismatch(path: string): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.ArchiveInvalid,
    `Archive entry ${path} holds a different number of bytes than its header declares`,
    { path },
  )
}
