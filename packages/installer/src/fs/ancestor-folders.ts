import { dirname } from 'node:path'

/**
 * The folders that hold the relative `/`-separated `paths` (the root itself excluded), each once,
 * parents before their children: the order to create them in.
 */
export function ancestorFolders(paths: readonly string[]): string[] {
  const folders = new Set<string>()
  for (const path of paths) {
    for (let folder = dirname(path); folder !== '.'; folder = dirname(folder)) folders.add(folder)
  }
  // A parent is a prefix of its children, so it sorts first.
  return [...folders].sort()
}
