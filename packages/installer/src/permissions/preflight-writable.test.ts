import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { WriteTarget } from './preflight-writable.js'
import { preflightWritable } from './preflight-writable.js'

const run = promisify(execFile)
const nobody = 65534
const uid = process.getuid?.() ?? -1
const isRoot = uid === 0
const setpriv = '/usr/bin/setpriv'
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url))
const modulePath = fileURLToPath(new URL('./preflight-writable.ts', import.meta.url))

let root = ''
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-perm-'))
  // Traversable by every user: the setpriv cases run as nobody.
  await chmod(root, 0o755)
})
afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function codeOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise
  } catch (error) {
    if (isSkillshipError(error)) return error.code
    throw error
  }
  return 'ok'
}

describe('preflightWritable (as the current user)', () => {
  it('passes own folders and missing folders under them', async () => {
    await mkdir(join(root, 'project/.claude/skills'), { recursive: true })
    const targets: WriteTarget[] = [
      { path: join(root, 'project/.claude/skills'), role: 'agent folder' },
      { path: join(root, 'project/.qoder/skills'), role: 'agent folder' },
      { path: join(root, 'home/.skillship/store'), role: 'store' },
      { path: join(root, 'home/.skillship/envs'), role: 'envs' },
    ]
    const result = await preflightWritable(targets, {
      uid,
      allowRoot: false,
      home: join(root, 'home'),
    })
    // Root gets one warning per target (its files will be root's), anyone else none.
    expect(result.warnings).toHaveLength(isRoot ? 4 : 0)
    if (isRoot) expect(result.warnings[0]).toMatch(/^running as root: the agent folder /)
  })

  it('refuses a file where a folder has to be', async () => {
    await writeFile(join(root, 'store'), 'not a folder')
    const store = { path: join(root, 'store/v1'), role: 'store' } as const
    const error = await preflightWritable([store], { uid, allowRoot: false, home: root }).catch(
      (e) => e,
    )
    expect(error.code).toBe(InstallErrorCode.NotWritable)
    expect(error.message).toContain(
      `${join(root, 'store')} (where ${join(root, 'store/v1')} would be created) is a file`,
    )
  })
})

describe.skipIf(!isRoot)('preflightWritable as root', () => {
  it('refuses a folder that belongs to another user, unless --allow-root (then warns)', async () => {
    const theirs = join(root, 'theirs')
    await mkdir(theirs)
    await chown(theirs, nobody, nobody)
    const targets: WriteTarget[] = [{ path: join(theirs, '.claude/skills'), role: 'agent folder' }]
    const refused = await preflightWritable(targets, {
      uid: 0,
      allowRoot: false,
      home: '/root',
    }).catch((e) => e)
    expect(refused.code).toBe(InstallErrorCode.RootRefused)
    expect(refused.message).toContain(`${theirs} belongs to`)
    expect(refused.message).toContain(`uid ${nobody}`)
    const allowed = await preflightWritable(targets, { uid: 0, allowRoot: true, home: '/root' })
    expect(allowed.warnings).toEqual([
      expect.stringMatching(/^running as root \(--allow-root\): .* is inside /),
    ])
  })

  it('refuses a root-owned folder inside a home that belongs to another user', async () => {
    const home = join(root, 'home-of-nobody')
    await mkdir(join(home, '.skillship'), { recursive: true })
    await chown(home, nobody, nobody)
    const store = { path: join(home, '.skillship/store'), role: 'store' } as const
    // The home given to skillship (as `sudo` may keep it) counts as a home folder.
    expect(await codeOf(preflightWritable([store], { uid: 0, allowRoot: false, home }))).toBe(
      InstallErrorCode.RootRefused,
    )
    expect(
      await codeOf(preflightWritable([store], { uid: 0, allowRoot: false, home: '/root' })),
    ).toBe('ok')
  })
})

interface ChildOutcome {
  readonly code?: string
  readonly message?: string
  readonly hint?: string
  readonly warnings?: string[]
}

// Runs preflightWritable in a child process as nobody: the only honest way to test what another
// uid sees (root passes every access() check).
async function asNobody(cases: readonly (readonly WriteTarget[])[]): Promise<ChildOutcome[]> {
  const script = `
    const { preflightWritable } = await import(process.argv[1])
    const out = []
    for (const targets of JSON.parse(process.argv[2])) {
      try {
        const { warnings } = await preflightWritable(targets, { uid: process.getuid(), allowRoot: false, home: '/nonexistent' })
        out.push({ warnings })
      } catch (error) {
        out.push({ code: error.code, message: error.message, hint: error.hint })
      }
    }
    process.stdout.write(JSON.stringify(out))`
  const args = [
    `--reuid=${nobody}`,
    `--regid=${nobody}`,
    '--clear-groups',
    process.execPath,
    '--conditions=skillship-source',
    '--import',
    'tsx/esm',
    '--input-type=module',
    '-e',
    script,
    modulePath,
    JSON.stringify(cases),
  ]
  const { stdout } = await run(setpriv, args, { cwd: repoRoot, timeout: 20_000 })
  return JSON.parse(stdout) as ChildOutcome[]
}

describe.skipIf(!isRoot || !existsSync(setpriv))(
  'preflightWritable as another user (setpriv)',
  () => {
    it('tells a foreign owner from an unwritable own folder, and passes what nobody may write', async () => {
      const rootOwned = join(root, 'root-owned')
      const readOnly = join(root, 'read-only')
      const own = join(root, 'own')
      const shared = join(root, 'shared')
      await mkdir(rootOwned, { mode: 0o755 })
      for (const dir of [readOnly, own]) {
        await mkdir(dir)
        await chown(dir, nobody, nobody)
      }
      await chmod(readOnly, 0o555)
      await mkdir(shared)
      await chmod(shared, 0o1777)
      // An agent folder nobody owns, inside a parent root owns: its staging folder cannot be made.
      await mkdir(join(rootOwned, 'skills'))
      await chown(join(rootOwned, 'skills'), nobody, nobody)

      const outcomes = await asNobody([
        [{ path: join(rootOwned, 'store'), role: 'store' }],
        [{ path: rootOwned, role: 'envs' }],
        [{ path: readOnly, role: 'envs' }],
        [{ path: join(own, '.claude/skills'), role: 'agent folder' }],
        [{ path: join(shared, 'store'), role: 'store' }],
        [{ path: join(rootOwned, 'skills'), role: 'agent folder' }],
      ])
      expect(outcomes.map((o) => o.code ?? 'ok')).toEqual([
        InstallErrorCode.ForeignOwner,
        InstallErrorCode.ForeignOwner,
        InstallErrorCode.NotWritable,
        'ok',
        'ok',
        InstallErrorCode.ForeignOwner,
      ])
      expect(outcomes[0]?.message).toContain(
        `${rootOwned} (where ${join(rootOwned, 'store')} would be created) belongs to root (uid 0), mode 0755`,
      )
      expect(outcomes[0]?.hint).toContain('SKILLSHIP_STORE')
      expect(outcomes[1]?.hint).toContain(`sudo chown -R nobody ${rootOwned}`)
      expect(outcomes[2]?.message).toContain('mode 0555')
      expect(outcomes[2]?.hint).toContain(`chmod u+w ${readOnly}`)
      expect(outcomes[3]?.warnings).toEqual([])
      expect(outcomes[5]?.message).toContain(
        `its staging folder ${join(rootOwned, '.skillship-staging')}`,
      )
    })
  },
)
