import { readFile } from 'node:fs/promises'
import { errnoCode } from '@skillship/core/errors'

/** One line of /etc/passwd, as far as permission messages need it. */
export interface PasswdEntry {
  readonly name: string
  readonly uid: number
  readonly home: string
}

/**
 * The entries of a passwd file's text (`name:x:uid:gid:gecos:home:shell`). Comments, blank and
 * malformed lines are skipped: this only makes messages friendlier, it never decides alone.
 */
export function parsePasswd(text: string): PasswdEntry[] {
  const entries: PasswdEntry[] = []
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue
    const [name, , uidText, , , home] = line.split(':')
    if (name === undefined || name === '' || uidText === undefined || home === undefined) continue
    if (!/^\d+$/.test(uidText)) continue
    entries.push({ name, uid: Number(uidText), home })
  }
  return entries
}

/**
 * The entries of `/etc/passwd` (or `path`); none when the file does not exist (containers,
 * Windows). Users from NSS sources (LDAP, ...) are not listed: they show as bare uids.
 */
export async function readPasswdEntries(path = '/etc/passwd'): Promise<PasswdEntry[]> {
  try {
    return parsePasswd(await readFile(path, 'utf8'))
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
}

/** `alice (uid 1000)`, or `uid 1000` when the uid has no passwd entry. */
export function describeUser(uid: number, entries: readonly PasswdEntry[]): string {
  const name = entries.find((entry) => entry.uid === uid)?.name
  return name === undefined ? `uid ${uid}` : `${name} (uid ${uid})`
}

/** The user's name for a command line (`chown alice ...`), else the bare uid. */
export function userName(uid: number, entries: readonly PasswdEntry[]): string {
  return entries.find((entry) => entry.uid === uid)?.name ?? String(uid)
}
