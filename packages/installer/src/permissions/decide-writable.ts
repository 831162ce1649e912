import type { SkillshipError } from '@skillship/core/errors'
import type { PasswdEntry } from './passwd-entries.js'
import { userName } from './passwd-entries.js'
import { foreignOwner, notWritable, rootRefused } from './write-errors.js'
import type { WriteFacts } from './write-facts.js'
import { roleLabel, type WriterIdentity } from './write-target.js'

/** The verdict on one folder: go ahead, go ahead with a warning, or the coded error to throw. */
export type WriteVerdict =
  | { readonly status: 'ok' }
  | { readonly status: 'warn'; readonly warning: string }
  | { readonly status: 'error'; readonly error: SkillshipError }

const ok: WriteVerdict = { status: 'ok' }

/**
 * Decides from gathered facts alone (no I/O), so every branch is unit-tested:
 * - not a folder, or a read-only filesystem: INSTALL_NOT_WRITABLE, for anyone;
 * - root: INSTALL_ROOT_REFUSED inside another user's folder or home unless `allowRoot` (then a
 *   warning), else a warning that root will own what is written;
 * - another user's folder: INSTALL_FOREIGN_OWNER when it refuses our writes, and also when it is
 *   the target itself (skills or entries that user left there could not be replaced). A foreign
 *   *ancestor* that lets us create the folder (e.g. `/tmp`, mode 1777) is fine: the new folder
 *   is ours;
 * - our own folder without write or search permission: INSTALL_NOT_WRITABLE.
 */
export function decideWritable(
  facts: WriteFacts,
  who: WriterIdentity,
  users: readonly PasswdEntry[],
): WriteVerdict {
  if (!facts.isDirectory || facts.access === 'read-only') {
    return { status: 'error', error: notWritable(facts, who.uid, users) }
  }
  if (who.uid === 0) return decideAsRoot(facts, who, users)
  const foreign = facts.ownerUid !== who.uid
  if (foreign && (facts.access === 'denied' || facts.existing === facts.path)) {
    return { status: 'error', error: foreignOwner(facts, who.uid, users) }
  }
  if (facts.access === 'denied') {
    return { status: 'error', error: notWritable(facts, who.uid, users) }
  }
  return ok
}

function decideAsRoot(
  facts: WriteFacts,
  who: WriterIdentity,
  users: readonly PasswdEntry[],
): WriteVerdict {
  // Root passes access() everywhere but on read-only mounts and root-squashed network shares.
  if (facts.access === 'denied') return { status: 'error', error: notWritable(facts, 0, users) }
  const target = `the ${roleLabel[facts.target.role]} ${facts.target.path}`
  const home = facts.foreignHome
  if (home === undefined) {
    return {
      status: 'warn',
      warning: `running as root: ${target} and what skillship writes there will belong to root`,
    }
  }
  if (!who.allowRoot) return { status: 'error', error: rootRefused(facts, home, users) }
  return {
    status: 'warn',
    warning:
      `running as root (--allow-root): ${target} is inside ${home.path}, which belongs to ` +
      `${userName(home.uid, users)}; what skillship writes there will belong to root`,
  }
}
