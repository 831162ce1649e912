import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { entryPaths, storeLayoutVersion } from '../store/store-seal.js'

/** One entry folder of the content store. */
export interface StoreEntryFolder {
  readonly integrity: string
  /** `<root>/v1/<2 hex>/<126 hex>`. */
  readonly dir: string
}

const prefixName = /^[0-9a-f]{2}$/
const restName = /^[0-9a-f]{126}$/

/**
 * Every entry folder in the store at `root`, with the integrity it is keyed by: the folder names
 * are the hex of the sha512 digest, so `sha512-<base64 of those bytes>`, checked by mapping it
 * back with entryPaths. Names that are not entries (tmp/, stray files, other layouts) are left
 * out, so nothing else is ever taken for garbage.
 */
export async function findStoreEntries(root: string): Promise<StoreEntryFolder[]> {
  const layout = join(root, storeLayoutVersion)
  const prefixes = (await namesIn(layout)).filter((name) => prefixName.test(name))
  const perPrefix = await Promise.all(
    prefixes.map(async (prefix) => {
      const names = (await namesIn(join(layout, prefix))).filter((name) => restName.test(name))
      return names.flatMap((rest) => {
        const integrity = `sha512-${Buffer.from(prefix + rest, 'hex').toString('base64')}`
        const dir = join(layout, prefix, rest)
        return entryPaths(root, integrity).entryDir === dir ? [{ integrity, dir }] : []
      })
    }),
  )
  return perPrefix.flat()
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir)
  } catch (error) {
    // No store yet, or a prefix folder another gc just emptied: nothing there.
    if (errnoCode(error) === 'ENOENT' || errnoCode(error) === 'ENOTDIR') return []
    throw error
  }
}
