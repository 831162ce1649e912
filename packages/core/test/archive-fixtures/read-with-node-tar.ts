import { Parser, type ReadEntry } from 'tar'

/** One entry as node-tar reads it. */
export interface NodeTarEntry {
  readonly path: string
  readonly mode: number | undefined
  readonly size: number
  readonly type: string
  readonly mtime: number | undefined
  readonly content: string
}

/**
 * Test support: the entries of an uncompressed tar as node-tar's strict parser reads them, an
 * independent reference for the project's own tar writer and reader.
 */
export function readWithNodeTar(tar: Uint8Array): Promise<NodeTarEntry[]> {
  return new Promise((resolve, reject) => {
    const entries: NodeTarEntry[] = []
    const parser = new Parser({ strict: true })
    parser.on('entry', (entry: ReadEntry) => {
      const chunks: Buffer[] = []
      entry.on('data', (chunk: Buffer) => chunks.push(chunk))
      entry.on('end', () =>
        entries.push({
          path: entry.path,
          mode: entry.mode,
          size: entry.size,
          type: entry.type,
          mtime: entry.mtime?.getTime(),
          content: Buffer.concat(chunks).toString('utf8'),
        }),
      )
    })
    parser.on('error', reject)
    parser.on('end', () => resolve(entries))
    parser.end(Buffer.from(tar))
  })
}
