/** What a folder skillship writes into is for: named in messages and in the hint's fix. */
export type WriteRole = 'agent folder' | 'store' | 'envs'

/** How messages name a role: `the envs folder /x`, `the store /y`. */
export const roleLabel: Readonly<Record<WriteRole, string>> = {
  'agent folder': 'agent folder',
  store: 'store',
  envs: 'envs folder',
}

/** A folder skillship is about to write into (it may not exist yet: it is then created). */
export interface WriteTarget {
  readonly path: string
  readonly role: WriteRole
}

/** Who is writing. `uid` is the effective user id (`process.getuid()`); 0 is root. */
export interface WriterIdentity {
  readonly uid: number
  /** `--allow-root`: root may write into another user's home (with a warning). */
  readonly allowRoot: boolean
}
