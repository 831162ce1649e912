import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/integrity'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { parseLockfile, readLockfile, serializeLockfile, writeLockfile } from './lockfile.js'
import type { Lockfile } from './lockfile-schema.js'

let dir: string
let path: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-lock-'))
  path = join(dir, 'skillship.lock')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

const integrity = computeIntegrity(new Uint8Array([1]))
const sha = 'a'.repeat(64)
const lockfile: Lockfile = {
  lockfileVersion: 4,
  skills: {
    pdf: {
      spec: '^1.2.0',
      version: '1.2.3',
      source: { type: 'registry', registry: 'https://reg.example', name: 'pdf', version: '1.2.3' },
      integrity,
      files: [
        { path: 'scripts/run.sh', size: 10, mode: 0o755, sha256: sha },
        { path: 'SKILL.md', size: 120, mode: 0o644, sha256: sha },
      ],
    },
    'local-dev': {
      spec: 'file:./skills/local-dev',
      version: '0.0.0',
      source: { type: 'directory', path: './skills/local-dev', link: true },
      integrity,
      files: [{ path: 'SKILL.md', size: 1, mode: 0o644, sha256: sha }],
    },
    zipped: {
      spec: 'https://host/zipped.zip',
      version: '2.0.0-rc.1',
      source: { type: 'archive', location: 'https://host/zipped.zip' },
      integrity,
      files: [{ path: 'SKILL.md', size: 1, mode: 0o644, sha256: sha }],
    },
    'from-git': {
      spec: 'git+https://host/repo.git#v1.0.0&path=skills/from-git',
      version: '1.0.0',
      source: {
        type: 'git',
        url: 'https://host/repo.git',
        commit: 'b'.repeat(40),
        subpath: 'skills/from-git',
      },
      integrity,
      files: [{ path: 'SKILL.md', size: 1, mode: 0o644, sha256: sha }],
    },
  },
}

const audited = {
  verdict: 'pass',
  rulePack: '2026.12.2',
  by: 'local',
  policy: 'default',
  digest: integrity,
  allowed: [],
} as const

function pdf0() {
  const skill = lockfile.skills['pdf']
  if (skill === undefined) throw new Error('fixture')
  return skill
}

function sortedFiles(lock: Lockfile): Lockfile {
  const skills = Object.entries(lock.skills).map(([name, skill]) => [
    name,
    { ...skill, files: [...skill.files].sort((a, b) => (a.path < b.path ? -1 : 1)) },
  ])
  return { lockfileVersion: 4, skills: Object.fromEntries(skills) }
}

// A lockfile (version 4 unless said) whose pdf entry carries `patch` is INSTALL_LOCKFILE_INVALID
// naming `field`.
async function expectInvalidEntry(
  patch: Record<string, unknown>,
  field: string,
  lockfileVersion = 4,
): Promise<void> {
  await writeFile(
    path,
    JSON.stringify({ lockfileVersion, skills: { pdf: { ...pdf0(), ...patch } } }),
  )
  await expect(readLockfile(path)).rejects.toMatchObject({
    code: InstallErrorCode.LockfileInvalid,
    details: { field },
  })
}

describe('readLockfile / writeLockfile', () => {
  it('returns undefined when there is no lockfile', async () => {
    expect(await readLockfile(path)).toBeUndefined()
  })

  it('round-trips every source type, with files sorted by path', async () => {
    expect(await writeLockfile(path, lockfile)).toBe(true)
    expect(await readLockfile(path)).toEqual({
      lockfile: sortedFiles(lockfile),
      migratedFrom: undefined,
    })
  })

  it('writes stable bytes: sorted keys, 2 spaces, trailing newline', async () => {
    await writeLockfile(path, lockfile)
    const text = await readFile(path, 'utf8')
    expect(text.endsWith('}\n')).toBe(true)
    expect(text.startsWith('{\n  "lockfileVersion": 4,\n  "skills": {\n    "from-git": {\n')).toBe(
      true,
    )
    expect(Object.keys(JSON.parse(text).skills)).toEqual(['from-git', 'local-dev', 'pdf', 'zipped'])
    expect(text).toContain(
      '"files": [\n        {\n          "mode": 420,\n          "path": "SKILL.md",',
    )
    // Insertion order of the input does not matter.
    const reversed: Lockfile = {
      lockfileVersion: 4,
      skills: Object.fromEntries(Object.entries(lockfile.skills).reverse()),
    }
    expect(serializeLockfile(reversed)).toBe(text)
    // Extra runtime properties never leak into the file.
    const extra = { ...lockfile, note: 'x' } as Lockfile
    expect(serializeLockfile(extra)).toBe(text)
  })

  it('does not write when the content is unchanged', async () => {
    expect(await writeLockfile(path, lockfile)).toBe(true)
    const before = await stat(path)
    expect(await writeLockfile(path, sortedFiles(lockfile))).toBe(false)
    const after = await stat(path)
    expect(after.mtimeMs).toBe(before.mtimeMs)
    expect(after.ino).toBe(before.ino)
    const changed: Lockfile = {
      lockfileVersion: 4,
      skills: { pdf: { ...pdf0(), spec: '^1.3.0' } },
    }
    expect(await writeLockfile(path, changed)).toBe(true)
    expect((await stat(path)).ino).not.toBe(before.ino)
    expect(await readdir(dir)).toEqual(['skillship.lock'])
  })

  it('migrates a version 1 lockfile and marks it', async () => {
    const v1 = {
      lockfileVersion: 1,
      skills: {
        pdf: {
          version: '1.2.3',
          resolved: 'https://reg.example/v1/skills/pdf/-/1.2.3.tgz',
          integrity,
        },
        docx: {
          version: '2.0.0+build.1',
          resolved: 'https://reg.example/prefix/v1/skills/docx/-/2.0.0%2Bbuild.1.tgz',
          integrity,
        },
        other: {
          version: '1.0.0',
          resolved: 'https://reg.example/v1/skills/pdf/-/1.0.0.tgz',
          integrity,
        },
        mirror: { version: '1.0.0', resolved: 'https://cdn.example/mirror-1.0.0.tgz', integrity },
        local: { version: '0.1.0', resolved: './vendor/local.tgz', integrity },
        abs: { version: '0.1.0', resolved: 'file:///opt/skills/abs.tgz', integrity },
      },
    }
    await writeFile(path, JSON.stringify(v1))
    const read = await readLockfile(path)
    expect(read?.migratedFrom).toBe(1)
    const skills = read?.lockfile.skills
    expect(read?.lockfile.lockfileVersion).toBe(4)
    expect(skills?.['pdf']).toEqual({
      spec: '1.2.3',
      version: '1.2.3',
      source: { type: 'registry', registry: 'https://reg.example', name: 'pdf', version: '1.2.3' },
      integrity,
      files: [],
    })
    expect(skills?.['docx']?.source).toEqual({
      type: 'registry',
      registry: 'https://reg.example/prefix',
      name: 'docx',
      version: '2.0.0+build.1',
    })
    expect(skills?.['other']?.source).toEqual({
      type: 'archive',
      location: 'https://reg.example/v1/skills/pdf/-/1.0.0.tgz',
    })
    expect(skills?.['mirror']?.source).toEqual({
      type: 'archive',
      location: 'https://cdn.example/mirror-1.0.0.tgz',
    })
    expect(skills?.['local']?.source).toEqual({
      type: 'archive',
      location: join(dir, 'vendor', 'local.tgz'),
    })
    expect(skills?.['abs']?.source).toEqual({ type: 'archive', location: '/opt/skills/abs.tgz' })
    // The caller rewrites it; the rewrite reads back as the current version, unmarked.
    if (read === undefined) throw new Error('no lockfile')
    expect(await writeLockfile(path, read.lockfile)).toBe(true)
    expect(await readLockfile(path)).toEqual({ lockfile: read.lockfile, migratedFrom: undefined })
  })

  it('reads version 2 as 4 without runtimes and marks it migrated; refuses runtime in a v2 file', async () => {
    const v2 = { lockfileVersion: 2, skills: { pdf: pdf0() } }
    await writeFile(path, JSON.stringify(v2))
    const read = await readLockfile(path)
    expect(read?.migratedFrom).toBe(2)
    expect(read?.lockfile).toEqual({ lockfileVersion: 4, skills: { pdf: pdf0() } })
    await expectInvalidEntry({ audit: audited }, 'skills.pdf.audit', 2)
    const runtime = { python: { requirements: [], packages: [] } }
    await expectInvalidEntry({ runtime }, 'skills.pdf.runtime', 2)
  })

  it('reads version 3 as 4 without audit records, keeps runtimes, marks it migrated; refuses audit in a v3 file', async () => {
    const runtime = { python: { requirements: ['pkgx==1.0'], packages: [] } }
    const v3 = { lockfileVersion: 3, skills: { pdf: { ...pdf0(), runtime } } }
    await writeFile(path, JSON.stringify(v3))
    const read = await readLockfile(path)
    expect(read?.migratedFrom).toBe(3)
    expect(read?.lockfile).toEqual({ lockfileVersion: 4, skills: { pdf: { ...pdf0(), runtime } } })
    expect(read?.lockfile.skills['pdf']?.audit).toBeUndefined()
    // The caller rewrites it; the rewrite reads back as version 4, unmarked.
    if (read === undefined) throw new Error('no lockfile')
    await writeLockfile(path, read.lockfile)
    expect(JSON.parse(await readFile(path, 'utf8')).lockfileVersion).toBe(4)
    expect((await readLockfile(path))?.migratedFrom).toBeUndefined()
    await expectInvalidEntry({ audit: audited }, 'skills.pdf.audit', 3)
  })

  it('round-trips audit records (allowed entries sorted) and checks their fields', async () => {
    const audit = {
      ...audited,
      allowed: [
        { rule: 'SKA-RCE-001', reason: 'vendored installer, reviewed' },
        { rule: 'SKA-DEP-011', reason: 'internal index' },
      ],
    }
    await writeLockfile(path, { lockfileVersion: 4, skills: { pdf: { ...pdf0(), audit } } })
    const read = (await readLockfile(path))?.lockfile.skills['pdf']?.audit
    expect(read).toEqual({ ...audit, allowed: [...audit.allowed].reverse() })
    const bad = [
      [{ ...audited, verdict: 'block' }, 'skills.pdf.audit.verdict'],
      [{ ...audited, by: 'skill' }, 'skills.pdf.audit.by'],
      [{ ...audited, policy: 'lenient' }, 'skills.pdf.audit.policy'],
      [{ ...audited, digest: 'sha1-x' }, 'skills.pdf.audit.digest'],
      [{ ...audited, allowed: [{ rule: 'SKA-RCE-001' }] }, 'skills.pdf.audit.allowed[0].reason'],
      [{ ...audited, allowed: {} }, 'skills.pdf.audit.allowed'],
      [{ ...audited, extra: 1 }, 'skills.pdf.audit.extra'],
    ] as const
    for (const [value, field] of bad) await expectInvalidEntry({ audit: value }, field)
  })

  it('round-trips runtimes and checks their fields', async () => {
    const runtime = {
      python: {
        requiresPython: '>=3.10',
        requirements: ['pkgx==1.0'],
        packages: [{ name: 'pkgx', version: '1.0', hashes: [`sha256:${'c'.repeat(64)}`] }],
      },
      node: {
        dependencies: { 'is-number': '^7.0.0' },
        packages: [{ name: 'is-number', version: '7.0.0', integrity: 'sha512-x' }],
      },
    }
    const withRuntime: Lockfile = { lockfileVersion: 4, skills: { pdf: { ...pdf0(), runtime } } }
    await writeLockfile(path, withRuntime)
    expect((await readLockfile(path))?.lockfile.skills['pdf']?.runtime).toEqual(runtime)
    const bad = [
      [{ python: { requirements: 'x', packages: [] } }, 'skills.pdf.runtime.python.requirements'],
      [
        {
          python: { requirements: [], packages: [{ name: 'a', version: '1', hashes: ['md5:1'] }] },
        },
        'skills.pdf.runtime.python.packages[0].hashes',
      ],
      [
        { node: { dependencies: { a: 1 }, packages: [] } },
        'skills.pdf.runtime.node.dependencies.a',
      ],
      [{ ruby: {} }, 'skills.pdf.runtime.ruby'],
    ] as const
    for (const [value, field] of bad) await expectInvalidEntry({ runtime: value }, field)
  })

  it.each([5, 99])('refuses lockfileVersion %i as too new, whatever the shape', async (version) => {
    await writeFile(path, JSON.stringify({ lockfileVersion: version, packages: [] }))
    await expect(readLockfile(path)).rejects.toMatchObject({
      code: InstallErrorCode.LockfileTooNew,
      path,
      hint: expect.any(String),
    })
  })

  const pdf = lockfile.skills['pdf']
  const withPdf = (patch: Record<string, unknown>) =>
    JSON.stringify({ lockfileVersion: 4, skills: { pdf: { ...pdf, ...patch } } })
  it.each([
    ['not JSON', '{"lockfileVersion": 4,', '(root)'],
    ['an array', '[]', '(root)'],
    ['no version', '{"skills": {}}', 'lockfileVersion'],
    ['version 0', '{"lockfileVersion": 0, "skills": {}}', 'lockfileVersion'],
    ['a string version', '{"lockfileVersion": "2", "skills": {}}', 'lockfileVersion'],
    ['no skills', '{"lockfileVersion": 3}', 'skills'],
    ['an unknown top-level key', '{"lockfileVersion": 4, "skills": {}, "x": 1}', 'x'],
    [
      'a bad skill name',
      JSON.stringify({ lockfileVersion: 4, skills: { PDF: pdf } }),
      'skills.PDF',
    ],
    ['an unknown skill key', withPdf({ extra: true }), 'skills.pdf.extra'],
    ['an empty spec', withPdf({ spec: '' }), 'skills.pdf.spec'],
    ['a non-semver version', withPdf({ version: '1.2' }), 'skills.pdf.version'],
    ['a sha1 integrity', withPdf({ integrity: 'sha1-abc' }), 'skills.pdf.integrity'],
    [
      'a bad file',
      withPdf({ files: [{ path: '../x', size: 1, mode: 420, sha256: sha }] }),
      'skills.pdf.files[0]',
    ],
    [
      'a bad mode',
      withPdf({ files: [{ path: 'x', size: 1, mode: 511, sha256: sha }] }),
      'skills.pdf.files[0]',
    ],
    ['a duplicate path', withPdf({ files: [pdf?.files[0], pdf?.files[0]] }), 'skills.pdf.files'],
    ['an unknown source type', withPdf({ source: { type: 'ftp' } }), 'skills.pdf.source.type'],
    [
      'a registry source for another name',
      withPdf({ source: { ...pdf?.source, name: 'doc' } }),
      'skills.pdf.source.name',
    ],
    [
      'a registry source for another version',
      withPdf({ source: { ...pdf?.source, version: '9.9.9' } }),
      'skills.pdf.source.version',
    ],
    [
      'a non-URL registry',
      withPdf({ source: { ...pdf?.source, registry: 'reg' } }),
      'skills.pdf.source.registry',
    ],
    [
      'a short git commit',
      withPdf({ source: { type: 'git', url: 'u', commit: 'abc' } }),
      'skills.pdf.source.commit',
    ],
    [
      'a directory without link',
      withPdf({ source: { type: 'directory', path: 'p' } }),
      'skills.pdf.source.link',
    ],
    [
      'a v1 entry without resolved',
      JSON.stringify({ lockfileVersion: 1, skills: { pdf: { version: '1.0.0', integrity } } }),
      'skills.pdf.resolved',
    ],
    [
      'a v1 entry with v2 fields',
      JSON.stringify({
        lockfileVersion: 1,
        skills: { pdf: { version: '1.0.0', resolved: 'x', integrity, files: [] } },
      }),
      'skills.pdf.files',
    ],
  ])('refuses %s with INSTALL_LOCKFILE_INVALID naming the field', async (_label, text, field) => {
    await writeFile(path, text)
    await expect(readLockfile(path)).rejects.toMatchObject({
      code: InstallErrorCode.LockfileInvalid,
      path,
      details: { field },
    })
  })

  it('keeps the example in docs/lockfile.md valid and in canonical form', async () => {
    const doc = await readFile(new URL('../../../../docs/lockfile.md', import.meta.url), 'utf8')
    const example = /```json\n(\{\n {2}"lockfileVersion"[\s\S]*?\n\})\n```/.exec(doc)?.[1]
    if (example === undefined) throw new Error('no lockfile example in docs/lockfile.md')
    const { lockfile: parsed } = parseLockfile(example, 'docs/lockfile.md')
    expect(serializeLockfile(parsed)).toBe(`${example}\n`)
  })
})

describe('git sources read from skillship.lock', () => {
  const withGit = (source: Record<string, unknown>) =>
    JSON.stringify({
      ...lockfile,
      skills: {
        'from-git': {
          ...lockfile.skills['from-git'],
          source: { type: 'git', commit: 'b'.repeat(40), ...source },
        },
      },
    })

  it.each([
    ['fd::17'],
    ['ext::sh -c touch% /tmp/skillship-pwned'],
    ['https::example.com/repo'],
    ['-oProxyCommand=touch%20x:repo'],
    ['git@host::repo'],
    ['http://remote.example/repo.git'],
    ['https://user:secret@host/repo.git'],
    ['file://server/share/repo'],
  ])('refuses the URL %s like a typed spec (INSTALL_LOCKFILE_INVALID)', (url) => {
    expect(() => parseLockfile(withGit({ url }), 'skillship.lock')).toThrowError(
      expect.objectContaining({ code: InstallErrorCode.LockfileInvalid }),
    )
  })

  it('refuses a subpath that climbs out of the repository', () => {
    const text = withGit({ url: 'https://host/repo.git', subpath: '../../etc' })
    expect(() => parseLockfile(text, 'skillship.lock')).toThrowError(
      expect.objectContaining({ code: InstallErrorCode.LockfileInvalid }),
    )
  })

  it('accepts what parseGitSpec writes: https, loopback http, ssh, scp-like and file URLs', () => {
    for (const url of [
      'https://host/repo.git',
      'http://127.0.0.1:9/repo.git',
      'ssh://git@host/owner/repo.git',
      'git@host:owner/repo.git',
      'file:///srv/repo',
    ]) {
      expect(
        parseLockfile(withGit({ url }), 'skillship.lock').lockfile.skills['from-git'],
      ).toBeDefined()
    }
  })
})
