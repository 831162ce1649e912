import { createGunzip } from 'node:zlib'
import { Parser, type ReadEntry } from 'tar'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { entriesPerFile } from '../tree/tree-limits.js'
import type { UnpackLimits } from './archive-limits.js'
import { createDecompressionMeter } from './decompression-meter.js'
import type { ArchiveEntryHeader, ExtractionSink } from './extraction-sink.js'
import { createFailureLatch, type FailureLatch } from './failure-latch.js'

// Pax and GNU long-name records: paths are at most 255 bytes, so 64 KiB is generous.
const maxMetaEntryBytes = 64 * 1024
// Container bytes allowed on top of the file data: per entry a header block and at most one
// block of padding, plus a flat allowance for pax records (macOS adds xattrs) and end padding.
const blocksPerEntry = 3 * 512
const metadataAllowance = 4 * 1024 * 1024

/**
 * Streams a gzipped tar through `createGunzip` (counting the output against the ratio and size
 * bounds) into node-tar's `Parser`, handing every entry to `sink` and its data to the returned
 * writer. Resolves when the archive is fully read; rejects with the first sink error, the meter's
 * `ArchiveBomb`/`ArchiveTooLarge`, or `ArchiveInvalid` (with the library error as cause) for a
 * corrupt or truncated gzip or tar.
 */
export function readTgzEntries(
  bytes: Uint8Array,
  limits: UnpackLimits,
  sink: ExtractionSink,
): Promise<void> {
  const overhead = (limits.maxFiles * entriesPerFile + 2) * blocksPerEntry + metadataAllowance
  const meter = createDecompressionMeter(bytes.length, limits, overhead)
  return new Promise<void>((resolve, reject) => {
    const gunzip = createGunzip()
    const latch = createFailureLatch((error) => {
      gunzip.destroy()
      reject(error)
    })
    const tar = createTarParser(sink, latch)
    let first = true
    gunzip.on(
      'data',
      latch.guard((chunk: Buffer) => {
        meter.add(chunk.length)
        if (first) refuseNestedCompression(chunk)
        first = false
        // Bytes after the end blocks are padding (or junk): metered above, never parsed.
        if (!tar.sawEnd) tar.parser.write(chunk)
      }),
    )
    gunzip.on(
      'end',
      latch.guard(() => tar.parser.end()),
    )
    gunzip.on('error', (error) =>
      latch.fail(invalid('The gzip stream is corrupt or truncated', error)),
    )
    tar.parser.on('end', () => {
      if (!latch.failed) resolve()
    })
    gunzip.end(bytes)
  })
}

function createTarParser(
  sink: ExtractionSink,
  latch: FailureLatch,
): { readonly parser: Parser; readonly sawEnd: boolean } {
  // brotli/zstd off, and nested gzip refused by the caller: the parser would otherwise
  // decompress a second layer itself, outside the meter.
  const parser = new Parser({
    strict: true,
    brotli: false,
    zstd: false,
    maxMetaEntrySize: maxMetaEntryBytes,
  })
  const state = { parser, sawEnd: false }
  parser.on('error', (error: Error) =>
    latch.fail(invalid('The tar archive is corrupt or truncated', error)),
  )
  parser.on('eof', () => {
    state.sawEnd = true
  })
  parser.on(
    'entry',
    latch.guard((entry: ReadEntry) => readEntry(entry, sink, latch)),
  )
  parser.on('ignoredEntry', latch.guard(refuseIgnored))
  return state
}

function readEntry(entry: ReadEntry, sink: ExtractionSink, latch: FailureLatch): void {
  const writer = sink.begin(toHeader(entry))
  if (writer === undefined) {
    entry.resume()
    return
  }
  // 'end' first: an empty entry may end as soon as it starts flowing.
  entry.on(
    'end',
    latch.guard(() => writer.end()),
  )
  entry.on(
    'data',
    latch.guard((chunk: Buffer) => writer.write(chunk)),
  )
}

function toHeader(entry: ReadEntry): ArchiveEntryHeader {
  return { name: entry.path, kind: kindOf(entry.type), mode: entry.mode ?? 0, size: entry.size }
}

function kindOf(type: ReadEntry['type']): ArchiveEntryHeader['kind'] {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file'
    case 'Directory':
    case 'GNUDumpDir':
      return 'directory'
    case 'Link':
    case 'SymbolicLink':
      return 'link'
    case 'CharacterDevice':
    case 'BlockDevice':
    case 'FIFO':
      return 'special'
    default:
      return 'unsupported'
  }
}

// node-tar skips metadata records over `maxMetaEntrySize` (macOS xattrs can be large) and entry
// types it does not know; the first are harmless and metered, the second may hide file data.
function refuseIgnored(entry: ReadEntry): void {
  if (entry.meta) return
  throw new SkillshipError(
    SkillErrorCode.ArchiveUnsupported,
    `Archive entry ${entry.path} has an unsupported type (${entry.type})`,
    { path: entry.path },
  )
}

function refuseNestedCompression(chunk: Buffer): void {
  const gzip = chunk[0] === 0x1f && chunk[1] === 0x8b
  const zstd = chunk[0] === 0x28 && chunk[1] === 0xb5 && chunk[2] === 0x2f && chunk[3] === 0xfd
  if (gzip || zstd) {
    throw new SkillshipError(
      SkillErrorCode.ArchiveUnsupported,
      'The gzip stream holds another compressed stream, not a tar archive',
    )
  }
}

function invalid(message: string, cause: unknown): SkillshipError {
  return new SkillshipError(SkillErrorCode.ArchiveInvalid, message, {
    cause,
    hint: 'Download or pack the archive again.',
  })
}
