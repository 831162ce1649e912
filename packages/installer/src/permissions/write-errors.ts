import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { WriteFacts, WriteTarget } from './preflight-writable.js'

// The variable that moves a folder elsewhere, for roles that have one.
const relocation: Readonly<Record<WriteTarget['role'], string | undefined>> = {
  store: 'SKILLSHIP_STORE',
  envs: 'SKILLSHIP_ENVS',
  'agent folder': undefined,
}

/** `the store /x/store`, `the agent folder /p/.claude/skills`. */
function named(target: WriteTarget): string {
  return `the ${roleLabel[target.role]} ${target.path}`
}

/** Where the write lands, for messages: the folder itself, or the parent it would be made in. */
function landing(facts: WriteFacts): string {
  const what = facts.stagingFor === undefined ? facts.path : `its staging folder ${facts.path}`
  return facts.existing === facts.path ? what : `${facts.existing} (where ${what} would be created)`
}

function elsewhere(target: WriteTarget): string {
  const variable = relocation[target.role]
  return variable === undefined ? '' : `, or set ${variable} to a folder you own`
}

// Installing as the folder's owner is a fix, except when that owner is root (see rootRefused).
function runAsOwner(ownerUid: number, users: readonly PasswdEntry[]): string {
  return ownerUid === 0 ? '' : `, or run skillship as ${userName(ownerUid, users)}`
}

function details(facts: WriteFacts, uid: number, users: readonly PasswdEntry[]) {
  return {
    role: facts.target.role,
    target: facts.target.path,
    path: facts.path,
    existing: facts.existing,
    owner: userName(facts.ownerUid, users),
    ownerUid: facts.ownerUid,
    mode: formatMode(facts.mode),
    uid,
  }
}

/** INSTALL_FOREIGN_OWNER: the folder belongs to another user than the one running skillship. */
export function foreignOwner(
  facts: WriteFacts,
  uid: number,
  users: readonly PasswdEntry[],
): SkillshipError {
  const owner = describeUser(facts.ownerUid, users)
  const you = userName(uid, users)
  // chown -R of an ancestor could hand over someone's whole home: only the missing folder is made.
  const fix =
    facts.existing === facts.path
      ? `Take it over with \`sudo chown -R ${you} ${facts.path}\``
      : `Create it for yourself (\`sudo mkdir -p ${facts.path} && sudo chown ${you} ${facts.path}\`)`
  return new SkillshipError(
    InstallErrorCode.ForeignOwner,
    `Cannot write ${named(facts.target)}: ${landing(facts)} belongs to ${owner}, mode ` +
      `${formatMode(facts.mode)}, and skillship runs as ${describeUser(uid, users)}.`,
    {
      hint: `${fix}${elsewhere(facts.target)}${runAsOwner(facts.ownerUid, users)}.`,
      path: facts.existing,
      details: details(facts, uid, users),
    },
  )
}

/** INSTALL_NOT_WRITABLE: the folder is the user's own (or root's) but refuses writes. */
export function notWritable(
  facts: WriteFacts,
  uid: number,
  users: readonly PasswdEntry[],
): SkillshipError {
  const why = !facts.isDirectory
    ? 'is a file, not a folder'
    : facts.access === 'read-only'
      ? 'is on a read-only filesystem'
      : `is not writable (owner ${describeUser(facts.ownerUid, users)}, mode ${formatMode(facts.mode)})`
  const fix = !facts.isDirectory
    ? `Move ${facts.existing} out of the way`
    : facts.access === 'read-only'
      ? 'Remount the filesystem read-write'
      : `Allow writes with \`chmod u+w ${facts.existing}\``
  return new SkillshipError(
    InstallErrorCode.NotWritable,
    `Cannot write ${named(facts.target)}: ${landing(facts)} ${why}.`,
    {
      hint: `${fix}${elsewhere(facts.target)}.`,
      path: facts.existing,
      details: details(facts, uid, users),
    },
  )
}

/** INSTALL_ROOT_REFUSED: root would leave files in another user's home they cannot change. */
export function rootRefused(
  facts: WriteFacts,
  home: { readonly path: string; readonly uid: number },
  users: readonly PasswdEntry[],
): SkillshipError {
  const owner = userName(home.uid, users)
  return new SkillshipError(
    InstallErrorCode.RootRefused,
    `Refusing to write ${named(facts.target)} as root: ${home.path} belongs to ` +
      `${describeUser(home.uid, users)}, who could not change or remove root's files there.`,
    {
      hint: `Run skillship as ${owner} (e.g. \`sudo -u ${owner} -H skillship ...\`), or pass --allow-root if root should own these files.`,
      path: facts.existing,
      details: {
        ...details(facts, 0, users),
        home: home.path,
        homeOwner: owner,
        homeUid: home.uid,
      },
    },
  )
}

/** One line of /etc/passwd, as far as permission messages need it. */
export interface PasswdEntry {
  readonly name: string
  readonly uid: number
  readonly home: string
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

/** `0755`, `1777`: the permission bits as `ls -l` users read them in chmod. */
export function formatMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0')
}

/** What a folder skillship writes into is for: named in messages and in the hint's fix. */
export type WriteRole = 'agent folder' | 'store' | 'envs'

/** How messages name a role: `the envs folder /x`, `the store /y`. */
export const roleLabel: Readonly<Record<WriteRole, string>> = {
  'agent folder': 'agent folder',
  store: 'store',
  envs: 'envs folder',
}
