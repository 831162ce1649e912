import { describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { decideWritable, type WriteFacts, type WriteVerdict } from './preflight-writable.js'
import type { PasswdEntry } from './write-errors.js'
import { formatMode } from './write-errors.js'

const users: PasswdEntry[] = [
  { name: 'root', uid: 0, home: '/root' },
  { name: 'alice', uid: 1000, home: '/home/alice' },
  { name: 'bob', uid: 1001, home: '/home/bob' },
]

const base: WriteFacts = {
  target: { path: '/home/alice/.skillship/store', role: 'store' },
  path: '/home/alice/.skillship/store',
  existing: '/home/alice/.skillship/store',
  isDirectory: true,
  ownerUid: 1000,
  mode: 0o755,
  access: 'ok',
  foreignHome: undefined,
}

// The parent case: the store does not exist yet and would be created in ~/.skillship.
const missing: Partial<WriteFacts> = { existing: '/home/alice/.skillship' }

function outcome(verdict: WriteVerdict): string {
  if (verdict.status === 'error') return verdict.error.code
  return verdict.status
}

describe('decideWritable', () => {
  it.each<[string, Partial<WriteFacts>, number, boolean, string]>([
    ['own writable folder', {}, 1000, false, 'ok'],
    ['own writable parent of a missing folder', missing, 1000, false, 'ok'],
    [
      'own folder without write bit',
      { access: 'denied', mode: 0o555 },
      1000,
      false,
      InstallErrorCode.NotWritable,
    ],
    [
      'own parent without write bit',
      { ...missing, access: 'denied' },
      1000,
      false,
      InstallErrorCode.NotWritable,
    ],
    ['a file in the way', { isDirectory: false }, 1000, false, InstallErrorCode.NotWritable],
    ['read-only filesystem', { access: 'read-only' }, 1000, false, InstallErrorCode.NotWritable],
    [
      'foreign folder, denied',
      { ownerUid: 0, access: 'denied' },
      1000,
      false,
      InstallErrorCode.ForeignOwner,
    ],
    [
      'foreign folder, writable through a group',
      { ownerUid: 1001, mode: 0o775 },
      1000,
      false,
      InstallErrorCode.ForeignOwner,
    ],
    [
      'foreign parent, denied',
      { ...missing, ownerUid: 0, access: 'denied' },
      1000,
      false,
      InstallErrorCode.ForeignOwner,
    ],
    [
      'foreign parent that lets us create (e.g. /tmp)',
      { ...missing, ownerUid: 0, mode: 0o1777 },
      1000,
      false,
      'ok',
    ],
    ['root, root-owned folder', { ownerUid: 0 }, 0, false, 'warn'],
    [
      'root, file in the way',
      { ownerUid: 0, isDirectory: false },
      0,
      false,
      InstallErrorCode.NotWritable,
    ],
    [
      'root, read-only filesystem',
      { ownerUid: 0, access: 'read-only' },
      0,
      false,
      InstallErrorCode.NotWritable,
    ],
    [
      'root, root-squashed share',
      { ownerUid: 0, access: 'denied' },
      0,
      false,
      InstallErrorCode.NotWritable,
    ],
    [
      'root in a user home',
      { foreignHome: { path: '/home/alice', uid: 1000 } },
      0,
      false,
      InstallErrorCode.RootRefused,
    ],
    [
      'root in a user home with --allow-root',
      { foreignHome: { path: '/home/alice', uid: 1000 } },
      0,
      true,
      'warn',
    ],
  ])('%s', (_name, facts, uid, allowRoot, expected) => {
    expect(outcome(decideWritable({ ...base, ...facts }, { uid, allowRoot }, users))).toBe(expected)
  })

  it('names path, owner, mode and role in a foreign-owner error, with a chown fix', () => {
    const verdict = decideWritable(
      { ...base, ownerUid: 0, access: 'denied' },
      { uid: 1000, allowRoot: false },
      users,
    )
    if (verdict.status !== 'error') throw new Error('expected an error')
    expect(verdict.error.message).toBe(
      'Cannot write the store /home/alice/.skillship/store: /home/alice/.skillship/store belongs to ' +
        'root (uid 0), mode 0755, and skillship runs as alice (uid 1000).',
    )
    expect(verdict.error.hint).toBe(
      'Take it over with `sudo chown -R alice /home/alice/.skillship/store`, or set SKILLSHIP_STORE ' +
        'to a folder you own.',
    )
    expect(verdict.error.path).toBe('/home/alice/.skillship/store')
    expect(verdict.error.details).toMatchObject({
      role: 'store',
      owner: 'root',
      ownerUid: 0,
      mode: '0755',
      uid: 1000,
    })
  })

  it('never suggests chown -R of a parent: only the missing folder is created and handed over', () => {
    const facts = {
      ...base,
      ...missing,
      ownerUid: 1001,
      access: 'denied' as const,
      target: { path: '/home/alice/.skillship/envs', role: 'envs' as const },
      path: '/home/alice/.skillship/envs',
    }
    const verdict = decideWritable(facts, { uid: 1000, allowRoot: false }, users)
    if (verdict.status !== 'error') throw new Error('expected an error')
    expect(verdict.error.message).toContain(
      '/home/alice/.skillship (where /home/alice/.skillship/envs would be created) belongs to bob (uid 1001)',
    )
    expect(verdict.error.hint).toContain(
      'sudo mkdir -p /home/alice/.skillship/envs && sudo chown alice /home/alice/.skillship/envs',
    )
    expect(verdict.error.hint).toContain('SKILLSHIP_ENVS')
    expect(verdict.error.hint).toMatch(/, or run skillship as bob\.$/)
  })

  it('gives chmod u+w for an own folder without write permission', () => {
    const verdict = decideWritable(
      { ...base, access: 'denied', mode: 0o555 },
      { uid: 1000, allowRoot: false },
      users,
    )
    if (verdict.status !== 'error') throw new Error('expected an error')
    expect(verdict.error.message).toContain('is not writable (owner alice (uid 1000), mode 0555)')
    expect(verdict.error.hint).toBe(
      'Allow writes with `chmod u+w /home/alice/.skillship/store`, or set SKILLSHIP_STORE to a folder you own.',
    )
  })

  it('names the staging folder of an agent folder, with no variable to move it', () => {
    const facts: WriteFacts = {
      ...base,
      target: { path: '/p/.claude/skills', role: 'agent folder' },
      path: '/p/.claude/.skillship-staging',
      existing: '/p/.claude',
      ownerUid: 0,
      access: 'denied',
      stagingFor: '/p/.claude/skills',
    }
    const verdict = decideWritable(facts, { uid: 1000, allowRoot: false }, users)
    if (verdict.status !== 'error') throw new Error('expected an error')
    expect(verdict.error.code).toBe(InstallErrorCode.ForeignOwner)
    expect(verdict.error.message).toContain(
      'the agent folder /p/.claude/skills: /p/.claude (where its staging folder /p/.claude/.skillship-staging would be created)',
    )
    expect(verdict.error.hint).not.toContain('SKILLSHIP_')
  })

  it('refuses root in a home with the user to run as, and warns with --allow-root', () => {
    const facts = { ...base, foreignHome: { path: '/home/alice', uid: 1000 } }
    const refused = decideWritable(facts, { uid: 0, allowRoot: false }, users)
    if (refused.status !== 'error') throw new Error('expected an error')
    expect(refused.error.message).toContain('/home/alice belongs to alice (uid 1000)')
    expect(refused.error.hint).toContain('sudo -u alice')
    expect(refused.error.hint).toContain('--allow-root')
    expect(decideWritable(facts, { uid: 0, allowRoot: true }, users)).toEqual({
      status: 'warn',
      warning:
        'running as root (--allow-root): the store /home/alice/.skillship/store is inside /home/alice, ' +
        'which belongs to alice; what skillship writes there will belong to root',
    })
    expect(decideWritable({ ...base, ownerUid: 0 }, { uid: 0, allowRoot: false }, users)).toEqual({
      status: 'warn',
      warning:
        'running as root: the store /home/alice/.skillship/store and what skillship writes there will belong to root',
    })
  })

  it('formats modes as chmod octal', () => {
    expect(formatMode(0o40755)).toBe('0755')
    expect(formatMode(0o1777)).toBe('1777')
    expect(formatMode(0o500)).toBe('0500')
  })
})
