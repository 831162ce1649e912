import { realpathSync } from 'node:fs'

/**
 * Real (symlink-resolved) paths of folders, each resolved once. Resolving walks every component
 * of the path; an install links hundreds of skills into the same few folders, which do not move
 * while it runs (if one does, the checks after placing see it).
 */
export interface RealFolderCache {
  /** The real path of the existing folder `path`; throws what realpath throws. */
  realFolder(path: string): string
}

export function createRealFolderCache(): RealFolderCache {
  const known = new Map<string, string>()
  return {
    realFolder(path) {
      let real = known.get(path)
      if (real === undefined) {
        real = realpathSync(path)
        known.set(path, real)
      }
      return real
    },
  }
}
