import { verifyIntegrity } from '@skillship/core/integrity'
import type { PhaseName } from '../stats/stats-store.js'
import type { BlobStore } from '../storage/blob-store.js'
import { loadFailed } from './load-failed.js'
import type { LoadedFile } from './loaded-skill.js'
import { unpackVersionFiles } from './unpack-version-files.js'
import { unpackZipVersionFiles } from './unpack-zip-version-files.js'
import type { VersionContent } from './version-content.js'

/**
 * The recorded files of a stored version, in memory: its blob read, its integrity verified, the
 * archive (.tgz or .zip) unpacked and every file checked against the record. SERVE_LOAD_FAILED
 * when the blob is missing, altered or does not hold what was published. `phases`, when given,
 * is told as each of the blob read, the integrity check and the unpack ends (the load's timings).
 */
export async function readVersionFiles(
  blobs: Pick<BlobStore, 'get'>,
  version: VersionContent,
  phases?: { lap(phase: PhaseName): void },
): Promise<LoadedFile[]> {
  const bytes = await blobs.get(version.integrity)
  phases?.lap('blobRead')
  if (bytes === undefined) throw loadFailed(version, 'its tarball is missing from blob storage')
  if (!verifyIntegrity(bytes, version.integrity)) {
    throw loadFailed(version, 'its tarball does not match the published integrity')
  }
  phases?.lap('integrity')
  const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b
  const files = await (isZip
    ? unpackZipVersionFiles(bytes, version)
    : unpackVersionFiles(bytes, version))
  phases?.lap('unpack')
  return files
}
