import { constants } from 'node:buffer'
import { promisify } from 'node:util'
import { gunzip, gunzipSync, type ZlibOptions } from 'node:zlib'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { entriesPerFile } from '../tree/tree-limits.js'
import type { UnpackLimits } from './archive-limits.js'
import { createDecompressionMeter, type DecompressionMeter } from './decompression-meter.js'
import { type ExtractionSink, previewEntryPath } from './extraction-sink.js'
import { readTarEntries } from './read-tar-entries.js'

// Container bytes allowed on top of the file data: per entry a header block and at most one
// block of padding, plus a flat allowance for pax records (macOS adds xattrs) and end padding.
const blocksPerEntry = 3 * 512
const metadataAllowance = 4 * 1024 * 1024
// A skill tarball inflates in well under a millisecond: done in place, the thread-pool hand-off
// costs more than it saves. Bigger archives inflate on the pool, off the event loop.
const syncGunzipBytes = 1024 * 1024
const gunzipAsync = promisify(gunzip)

/**
 * Inflates a gzipped tar in memory, bounded by the ratio and size limits of a decompression
 * meter (`ArchiveBomb`, `ArchiveTooLarge`, raised before any file is written), refuses a second
 * compression layer (`ArchiveUnsupported`), then reads the tar with `readTarEntries` and hands
 * every entry and its data to `sink`, which applies every path, type and limit check. A corrupt
 * or truncated gzip is `ArchiveInvalid` with zlib's error as cause; so is a corrupt or truncated
 * tar, or one holding no entry at all. Bytes after the tar's end blocks are metered, never read.
 * The whole tar is held in memory: at most the meter's bound, checked before it is allocated.
 */
export async function readTgzEntries(
  bytes: Uint8Array,
  limits: UnpackLimits,
  sink: ExtractionSink,
): Promise<void> {
  extractTar(await inflateTgz(bytes, limits), sink)
}

/**
 * The first half of readTgzEntries: the tar inside a gzip, inflated within the meter's bounds,
 * with a second compression layer refused. Hand it to extractTar.
 */
export async function inflateTgz(bytes: Uint8Array, limits: UnpackLimits): Promise<Uint8Array> {
  const overhead = (limits.maxFiles * entriesPerFile + 2) * blocksPerEntry + metadataAllowance
  const meter = createDecompressionMeter(bytes.length, limits, overhead)
  // zlib fails once the output passes this, exactly where the meter would throw.
  const maxOutputLength = Math.max(1, Math.min(meter.maxBytes, constants.MAX_LENGTH))
  const options: ZlibOptions = { maxOutputLength }
  let tar: Uint8Array
  try {
    tar =
      bytes.length <= syncGunzipBytes
        ? gunzipSync(bytes, options)
        : await gunzipAsync(bytes, options)
  } catch (error) {
    throw gunzipFailure(error, meter, maxOutputLength)
  }
  meter.add(tar.length)
  refuseNestedCompression(tar)
  return tar
}

/**
 * The paths at which an extraction of `tar` would write files (previewEntryPath), read from the
 * headers without writing anything; a malformed archive yields what precedes the damage (the
 * extraction then reports it).
 */
export function previewTarPaths(tar: Uint8Array): string[] {
  const paths: string[] = []
  try {
    for (const entry of readTarEntries(tar)) {
      const size = entry.data.length
      const path = previewEntryPath({ name: entry.path, kind: entry.kind, mode: entry.mode, size })
      if (path !== undefined) paths.push(path)
    }
  } catch (error) {
    if (!(error instanceof SkillshipError)) throw error
  }
  return paths
}

/** The second half of readTgzEntries: every entry of the inflated `tar` handed to `sink`. */
export function extractTar(tar: Uint8Array, sink: ExtractionSink): void {
  let entries = 0
  for (const entry of readTarEntries(tar)) {
    entries += 1
    const size = entry.data.length
    const writer = sink.begin({ name: entry.path, kind: entry.kind, mode: entry.mode, size })
    if (writer === undefined) continue
    if (size > 0) writer.write(entry.data)
    writer.end()
  }
  if (entries === 0) {
    throw new SkillshipError(SkillErrorCode.ArchiveInvalid, 'The tar archive holds no entries', {
      hint: 'Download or pack the archive again.',
    })
  }
}

// zlib throws ERR_BUFFER_TOO_LARGE once the output passes `maxOutputLength`, the meter's own
// bound: told of one byte more, the meter raises its ArchiveBomb or ArchiveTooLarge. Only a bound
// clamped to the largest Buffer gets past it, and such an archive cannot be held in memory.
function gunzipFailure(
  error: unknown,
  meter: DecompressionMeter,
  maxOutputLength: number,
): unknown {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ERR_BUFFER_TOO_LARGE') {
    meter.add(maxOutputLength + 1)
    return new SkillshipError(
      SkillErrorCode.ArchiveTooLarge,
      'Archive expands past what fits in memory',
      {
        cause: error,
        hint: 'The skill is larger than the limits allow.',
      },
    )
  }
  if (typeof code !== 'string' || !code.startsWith('Z_')) return error
  return new SkillshipError(
    SkillErrorCode.ArchiveInvalid,
    'The gzip stream is corrupt or truncated',
    {
      cause: error,
      hint: 'Download or pack the archive again.',
    },
  )
}

function refuseNestedCompression(tar: Uint8Array): void {
  const gzip = tar[0] === 0x1f && tar[1] === 0x8b
  const zstd = tar[0] === 0x28 && tar[1] === 0xb5 && tar[2] === 0x2f && tar[3] === 0xfd
  if (gzip || zstd) {
    throw new SkillshipError(
      SkillErrorCode.ArchiveUnsupported,
      'The gzip stream holds another compressed stream, not a tar archive',
    )
  }
}
