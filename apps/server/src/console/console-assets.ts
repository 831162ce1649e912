import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { brotliCompressSync, gzipSync } from 'node:zlib'

/** One built asset in memory, with its compressed forms and a content hash for its URL. */
interface Asset {
  readonly type: string
  readonly bytes: Buffer
  readonly br: Buffer
  readonly gzip: Buffer
  readonly hash: string
}

/** The client bundles and CSS built by `npm run build` (scripts/bundle-console.mjs). */
export interface ConsoleAssets {
  /** `/assets/<file>?v=<hash>`; the hash makes them cacheable for a year. */
  url(file: string): string
  get(file: string): Asset | undefined
  /** Compressed (brotli) bytes of every script, for the size budget. */
  scriptSizes(): Record<string, number>
}

const types: Readonly<Record<string, string>> = {
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
}

/**
 * Reads the built assets once at start. Where they are: `SKILLSHIP_CONSOLE_ASSETS`, else
 * `apps/server/console-assets/` next to this module's src/ or dist/ folder, else beside the
 * CLI's bundle. None found is not an error: pages still work as plain HTML forms (no search as
 * you type, charts without their colours).
 */
export function loadConsoleAssets(dir = findAssetsDir()): ConsoleAssets {
  const assets = new Map<string, Asset>()
  if (dir !== undefined) {
    for (const file of readdirSync(dir)) {
      const type = types[file.split('.').pop() ?? '']
      if (type === undefined) continue
      const bytes = readFileSync(join(dir, file))
      assets.set(file, {
        type,
        bytes,
        br: brotliCompressSync(bytes),
        gzip: gzipSync(bytes, { level: 9 }),
        hash: createHash('sha256').update(bytes).digest('hex').slice(0, 12),
      })
    }
  }
  return {
    url: (file) => `/assets/${file}?v=${assets.get(file)?.hash ?? 'missing'}`,
    get: (file) => assets.get(file),
    scriptSizes: () =>
      Object.fromEntries(
        [...assets]
          .filter(([file]) => file.endsWith('.js'))
          .map(([file, a]) => [file, a.br.byteLength]),
      ),
  }
}

const loaded = new Map<string, ConsoleAssets>()

/** {@link loadConsoleAssets} once per folder: apps built per test share the compressed bytes. */
export function sharedConsoleAssets(dir = findAssetsDir()): ConsoleAssets {
  const key = dir ?? ''
  let assets = loaded.get(key)
  if (assets === undefined) {
    assets = loadConsoleAssets(dir)
    loaded.set(key, assets)
  }
  return assets
}

function findAssetsDir(): string | undefined {
  const candidates: string[] = []
  const configured = process.env['SKILLSHIP_CONSOLE_ASSETS']
  if (configured !== undefined && configured !== '') candidates.push(configured)
  const here = moduleDir()
  if (here !== undefined) candidates.push(join(here, '..', '..', 'console-assets'))
  const bin = process.argv[1]
  if (bin !== undefined) candidates.push(join(dirname(bin), '..', 'bundle', 'console-assets'))
  return candidates.find((dir) => existsSync(join(dir, 'console.css')))
}

// In the CLI's CommonJS bundle import.meta.url is empty: the bundle candidate covers that case.
function moduleDir(): string | undefined {
  const url = import.meta.url as string | undefined
  return url === undefined || url === '' ? undefined : dirname(fileURLToPath(url))
}
