import type { Stats } from 'node:fs'
import { stat } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { errnoCode } from '@skillship/core/errors'

/** The folder a write lands in: the path itself when it exists, else the parent it is created in. */
export interface ExistingAncestor {
  readonly path: string
  /** `stat` (symlinks followed: a linked skills folder is judged by where it points). */
  readonly stats: Stats
}

// Walked past: the path is missing (ENOENT), a component is a file (ENOTDIR, reported once the
// walk reaches that file), or a parent is not searchable (EACCES: the parent is then judged).
const walkPast = new Set(['ENOENT', 'ENOTDIR', 'EACCES'])

/**
 * The nearest existing ancestor of `path` (the path itself included): where `mkdir -p` would
 * start creating folders. One `stat` per missing level; `/` always exists.
 */
export async function nearestExistingAncestor(path: string): Promise<ExistingAncestor> {
  let current = resolve(path)
  for (;;) {
    try {
      return { path: current, stats: await stat(current) }
    } catch (error) {
      const parent = dirname(current)
      if (!walkPast.has(errnoCode(error) ?? '') || parent === current) throw error
      current = parent
    }
  }
}
