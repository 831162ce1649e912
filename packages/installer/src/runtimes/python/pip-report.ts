import { compareText, isJsonRecord } from '@skillship/core/plain-data'
import type { LockedPythonPackage } from './python-env.js'
import { normalizePackageName } from './requirements.js'

/**
 * The packages a `pip install --report` JSON document says were installed, with the archive
 * hashes pip verified (`download_info.archive_info.hashes`, or the older single `hash`). Returns
 * undefined for a report version other than 0 or 1 (the caller then reads the venv instead);
 * throws for a document that is not JSON or whose entries lack a name or version.
 */
export function parsePipReport(text: string): LockedPythonPackage[] | undefined {
  const report: unknown = JSON.parse(text)
  if (!isJsonRecord(report) || !['0', '1'].includes(String(report['version']))) return undefined
  const install = report['install']
  if (!Array.isArray(install)) throw new Error('The pip report has no "install" list')
  return install.map(reportItem).sort((a, b) => compareText(a.name, b.name))
}

function reportItem(item: unknown): LockedPythonPackage {
  const metadata = isJsonRecord(item) ? item['metadata'] : undefined
  const name = isJsonRecord(metadata) ? metadata['name'] : undefined
  const version = isJsonRecord(metadata) ? metadata['version'] : undefined
  if (typeof name !== 'string' || typeof version !== 'string' || !isJsonRecord(item)) {
    throw new Error(`A pip report entry has no metadata name and version: ${JSON.stringify(item)}`)
  }
  const hashes = archiveHashes(item['download_info'])
  return {
    name: normalizePackageName(name),
    version,
    ...(hashes.length === 0 ? {} : { hashes }),
  }
}

// PEP 610 archive_info: `hashes: { sha256: hex }` (pip >= 23), `hash: "sha256=hex"` (older).
function archiveHashes(downloadInfo: unknown): string[] {
  if (!isJsonRecord(downloadInfo) || !isJsonRecord(downloadInfo['archive_info'])) return []
  const archive = downloadInfo['archive_info']
  const found = new Set<string>()
  if (isJsonRecord(archive['hashes'])) {
    for (const [algorithm, digest] of Object.entries(archive['hashes'])) {
      if (typeof digest === 'string')
        found.add(`${algorithm.toLowerCase()}:${digest.toLowerCase()}`)
    }
  }
  const legacy =
    typeof archive['hash'] === 'string' ? /^(\w+)=([0-9a-f]+)$/i.exec(archive['hash']) : null
  if (legacy?.[1] !== undefined && legacy[2] !== undefined) {
    found.add(`${legacy[1].toLowerCase()}:${legacy[2].toLowerCase()}`)
  }
  return [...found].sort()
}
