import type { ForeignHome } from './find-foreign-home.js'
import type { WriteTarget } from './write-target.js'

/** What `access(W_OK | X_OK)` said about the folder a write lands in. */
export type WriteAccess = 'ok' | 'denied' | 'read-only'

/** Everything the permission decision looks at for one target, gathered from the disk. */
export interface WriteFacts {
  readonly target: WriteTarget
  /** The folder to write into: the target's path, or its staging folder (see `stagingFor`). */
  readonly path: string
  /** `path` when it exists, else its nearest existing ancestor (where `path` would be created). */
  readonly existing: string
  readonly isDirectory: boolean
  readonly ownerUid: number
  /** Permission bits of `existing` (`stats.mode & 0o7777`). */
  readonly mode: number
  readonly access: WriteAccess
  /** Only gathered when running as root (see findForeignHome). */
  readonly foreignHome: ForeignHome | undefined
  /**
   * Set (to the skills folder) when `path` is an agent skills folder's staging folder: skills are
   * built in `<real parent>/.skillship-staging` and renamed in, so it must be writable too.
   */
  readonly stagingFor?: string
}

/** `0755`, `1777`: the permission bits as `ls -l` users read them in chmod. */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0')
}
