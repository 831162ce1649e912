import { type Entry, fromBuffer, type ZipFile } from 'yauzl'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import type { UnpackLimits } from './archive-limits.js'
import { decodeZipName } from './decode-zip-name.js'
import { createDecompressionMeter, type DecompressionMeter } from './decompression-meter.js'
import type { ArchiveEntryHeader, ExtractionSink } from './extraction-sink.js'
import { createFailureLatch, type FailureLatch } from './failure-latch.js'

// Host system 3 in "version made by" (APPNOTE 4.4.2): the external attributes hold a Unix st_mode.
const unixHost = 3
const fileTypeMask = 0o170000

/**
 * Reads a zip with yauzl (lazy entries, raw names decoded by `decodeZipName`, entry sizes
 * validated), handing every entry to `sink` and streaming its data into the returned writer. The
 * declared sizes are metered before any data is inflated: `ArchiveBomb` past the ratio,
 * `ArchiveTooLarge` past `maxTotalBytes`. Unix modes come from the external attributes of
 * entries made on Unix; a symlink there is `ArchiveLink`. Encrypted or undecodable entries are
 * `ArchiveUnsupported`; a corrupt or truncated zip is `ArchiveInvalid` with yauzl's error as cause.
 */
export function readZipEntries(
  bytes: Uint8Array,
  limits: UnpackLimits,
  sink: ExtractionSink,
): Promise<void> {
  const meter = createDecompressionMeter(bytes.length, limits, 0)
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const options = { lazyEntries: true, decodeStrings: false, validateEntrySizes: true }
  return new Promise<void>((resolve, reject) => {
    fromBuffer(buffer, options, (error, zipfile) => {
      if (error !== null) {
        reject(invalid(error))
        return
      }
      const latch = createFailureLatch((cause) => {
        zipfile.close()
        reject(cause)
      })
      zipfile.on('error', (cause: Error) => latch.fail(invalid(cause)))
      zipfile.on('end', () => {
        if (!latch.failed) resolve()
      })
      zipfile.on(
        'entry',
        latch.guard((entry: Entry) => readEntry(zipfile, entry, meter, sink, latch)),
      )
      zipfile.readEntry()
    })
  })
}

function readEntry(
  zipfile: ZipFile,
  entry: Entry,
  meter: DecompressionMeter,
  sink: ExtractionSink,
  latch: FailureLatch,
): void {
  meter.add(entry.uncompressedSize)
  const header = toHeader(entry)
  if (header.kind === 'file' && (entry.isEncrypted() || !entry.canDecodeFileData())) {
    throw new SkillshipError(
      SkillErrorCode.ArchiveUnsupported,
      `Zip entry ${header.name} is encrypted or uses an unsupported compression method`,
      { path: header.name, hint: 'Zip it again without a password, using deflate.' },
    )
  }
  const writer = sink.begin(header)
  if (writer === undefined) {
    zipfile.readEntry()
    return
  }
  zipfile.openReadStream(entry, (error, stream) => {
    if (error !== null) {
      latch.fail(invalid(error))
      return
    }
    stream.on('error', (cause: Error) => latch.fail(invalid(cause)))
    stream.on(
      'data',
      latch.guard((chunk: Buffer) => writer.write(chunk)),
    )
    stream.on(
      'end',
      latch.guard(() => {
        writer.end()
        zipfile.readEntry()
      }),
    )
  })
}

function toHeader(entry: Entry): ArchiveEntryHeader {
  const name = decodeZipName(entry.fileNameRaw, entry.generalPurposeBitFlag)
  const fromUnix = entry.versionMadeBy >> 8 === unixHost
  const stMode = fromUnix ? entry.externalFileAttributes >>> 16 : 0
  const mode = stMode & 0o7777
  const size = entry.uncompressedSize
  switch (stMode & fileTypeMask) {
    case 0o120000:
      return { name, kind: 'link', mode, size }
    case 0o040000:
      return { name, kind: 'directory', mode, size }
    case 0o020000:
    case 0o060000:
    case 0o010000:
    case 0o140000:
      return { name, kind: 'special', mode, size }
    default:
      return { name, kind: name.endsWith('/') ? 'directory' : 'file', mode, size }
  }
}

function invalid(cause: Error): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.ArchiveInvalid,
    'The zip archive is corrupt or truncated',
    {
      cause,
      hint: 'Download or zip the skill again.',
    },
  )
}
