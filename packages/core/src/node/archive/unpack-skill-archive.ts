import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
} from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { basename, dirname, join, resolve } from 'node:path'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { sortByUtf8Path } from '../tree/sort-by-utf8-path.js'
import type { SkillFileEntry } from '../tree/walk-skill-tree.js'
import { resolveUnpackLimits, type UnpackLimits } from './archive-limits.js'
import { type ArchiveFormat, detectArchiveFormat } from './detect-archive-format.js'
import {
  createExtractionSink,
  type ExtractionSinkOptions,
  type FinishFile,
} from './extraction-sink.js'
import { locateSkillRoot, predictWrapper, type SkillRootLayout } from './locate-skill-root.js'
import { extractTar, inflateTgz, previewTarPaths } from './read-tgz-entries.js'
import { readZipEntries } from './read-zip-entries.js'

/** A file of an unpacked skill, with the SHA-256 hashed as it was written. */
export interface UnpackedFile extends SkillFileEntry {
  /** Lowercase hex SHA-256 of the file's bytes. */
  readonly sha256: string
}

/** A skill unpacked into place. */
export interface UnpackedSkill {
  /** The destination folder, now the skill root. */
  readonly root: string
  readonly format: ArchiveFormat
  /** The single top-level folder that was stripped, if the skill sat in one. */
  readonly wrapper: string | undefined
  /** The files below `root`, sorted by the UTF-8 bytes of `path`. */
  readonly files: readonly UnpackedFile[]
}

export interface UnpackSkillArchiveOptions {
  readonly limits?: Partial<UnpackLimits>
  /**
   * Finishes each file through its descriptor instead of setting its mode 0644/0755 (see
   * FinishFile); `file.path` is the archive path, with the wrapper folder when there is one.
   */
  readonly finishFile?: FinishFile
}

/**
 * Safely unpacks a `.tgz` or `.zip` skill (`source`: a file path or the bytes) into `destination`,
 * which must not exist or be an empty folder (`DestinationExists`, checked before any work).
 * The format comes from the magic bytes (`ArchiveUnsupported` otherwise). Entries are extracted
 * into a fresh private temp folder beside `destination` (same filesystem) with every path checked
 * (`checkEntryPath` + collision guard), links refused (`ArchiveLink`), devices and FIFOs refused
 * (`SpecialFile`), setuid refused (`SetuidBit`), limits enforced while reading (`ArchiveBomb`,
 * `ArchiveTooLarge`, tree limit codes) and corrupt input reported as `ArchiveInvalid`. The skill
 * root (`SKILL.md` at the root, or one wrapper folder; `ArchiveNoSkillMd` otherwise) is then renamed
 * to `destination`. Files get mode 0644 or 0755. On any failure nothing is left behind: no
 * destination, no temp folder, no parent folder this call created. `__MACOSX/` and
 * default-ignored names are skipped. A missing source file is `PathNotFound`. Each file comes
 * with the SHA-256 of its bytes, hashed while writing it.
 *
 * The few filesystem calls per unpack are synchronous: each is a short syscall, where a
 * `fs/promises` call would add a thread-pool round trip costing more than the call itself.
 */
export async function unpackSkillArchive(
  source: string | Uint8Array,
  destination: string,
  options: UnpackSkillArchiveOptions = {},
): Promise<UnpackedSkill> {
  const limits = resolveUnpackLimits(options.limits)
  const target = resolve(destination)
  assertDestinationFree(target)
  const bytes = await readSource(source, limits)
  const format = detectArchiveFormat(bytes)
  if (format === undefined) {
    throw new SkillshipError(SkillErrorCode.ArchiveUnsupported, 'Not a .tgz or .zip archive', {
      hint: 'Skills are packed as gzipped tar or zip; the format is read from the bytes.',
    })
  }
  const createdParent = mkdirSync(dirname(target), { recursive: true })
  let temp: string | undefined
  try {
    // A short prefix: a 255-byte destination name plus the suffix would not be a valid name.
    temp = mkdtempSync(join(dirname(target), `.${basename(target).slice(0, 64)}.unpack-`))
    const finish = options.finishFile === undefined ? {} : { finishFile: options.finishFile }
    const { layout, stripped } = await extract(bytes, format, temp, { limits, sink: finish })
    // A wrapper stripped while writing leaves the skill root at `temp` itself: renamed whole, no
    // empty folder to remove (an rmdir costs as much as writing several files on some disks).
    const skillRoot = layout.wrapper === undefined || stripped ? temp : join(temp, layout.wrapper)
    chmodSync(skillRoot, 0o755)
    moveIntoPlace(skillRoot, target)
    // Renamed whole, the temp folder is gone: removing it again would only cost a failing lstat.
    if (skillRoot === temp) temp = undefined
    const files = layout.files.map((file) => ({ ...file, absolutePath: join(target, file.path) }))
    return { root: target, format, wrapper: layout.wrapper, files: sortByUtf8Path(files) }
  } catch (error) {
    if (createdParent !== undefined) rmSync(createdParent, { recursive: true, force: true })
    throw error
  } finally {
    if (temp !== undefined) rmSync(temp, { recursive: true, force: true })
  }
}

// A tgz is inflated in memory, so its layout is known before anything is written: a wrapper
// folder is stripped on the way (zip archives are streamed and keep it until the move).
async function extract(
  bytes: Uint8Array,
  format: ArchiveFormat,
  temp: string,
  how: { readonly limits: UnpackLimits; readonly sink: ExtractionSinkOptions },
): Promise<{ layout: SkillRootLayout; stripped: boolean }> {
  const { limits } = how
  if (format === 'zip') {
    const sink = createExtractionSink(temp, limits, how.sink)
    try {
      await readZipEntries(bytes, limits, sink)
    } finally {
      sink.close()
    }
    return { layout: locateSkillRoot(sink.files, limits.maxDepth), stripped: false }
  }
  const tar = await inflateTgz(bytes, limits)
  const wrapper = predictWrapper(previewTarPaths(tar))
  const sink = createExtractionSink(
    temp,
    limits,
    wrapper === undefined ? how.sink : { ...how.sink, stripWrapper: wrapper },
  )
  try {
    extractTar(tar, sink)
  } finally {
    sink.close()
  }
  const layout = locateSkillRoot(sink.files, limits.maxDepth)
  if (wrapper !== undefined && layout.wrapper !== wrapper) {
    throw new Error(`Archive layout mispredicted: wrapper ${wrapper}, found ${layout.wrapper}`)
  }
  return { layout, stripped: wrapper !== undefined }
}

// A missing destination (the usual case) is answered without a thrown ENOENT.
function assertDestinationFree(target: string): void {
  const stats = lstatSync(target, { throwIfNoEntry: false })
  if (stats === undefined) return
  if (stats.isDirectory() && readdirSync(target).length === 0) return
  throw destinationExists(target)
}

// rename() replaces an empty folder atomically on POSIX; a folder filled meanwhile fails it.
function moveIntoPlace(skillRoot: string, target: string): void {
  try {
    renameSync(skillRoot, target)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'ENOTDIR') throw error
    throw destinationExists(target, error)
  }
}

function destinationExists(target: string, cause?: unknown): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.DestinationExists,
    `Destination already exists and is not an empty folder: ${target}`,
    {
      path: target,
      hint: 'Remove it first, or choose another destination.',
      ...(cause === undefined ? {} : { cause }),
    },
  )
}

async function readSource(source: string | Uint8Array, limits: UnpackLimits): Promise<Uint8Array> {
  if (typeof source !== 'string') {
    assertArchiveSize(source.length, limits)
    return source
  }
  try {
    const stats = await stat(source)
    if (!stats.isFile()) {
      throw new SkillshipError(
        SkillErrorCode.ArchiveUnsupported,
        `Not an archive file: ${source}`,
        {
          path: source,
        },
      )
    }
    assertArchiveSize(stats.size, limits)
    return await readFile(source)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    throw new SkillshipError(SkillErrorCode.PathNotFound, `Archive not found: ${source}`, {
      path: source,
      cause: error,
    })
  }
}

function assertArchiveSize(size: number, limits: UnpackLimits): void {
  if (size > limits.maxArchiveBytes) {
    throw new SkillshipError(
      SkillErrorCode.ArchiveTooLarge,
      `Archive is ${size} bytes, over the ${limits.maxArchiveBytes}-byte limit`,
    )
  }
}
