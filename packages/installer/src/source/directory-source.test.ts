import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { describeSourceContract } from '../../test/contract/source.contract.js'
import { codeOf, tempPrefix } from '../../test/sources/expect-code.js'
import { writeTestSkill } from '../../test/sources/write-test-skill.js'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { createDirectorySource } from './directory-source.js'

describeSourceContract('directory', async () => {
  const work = await mkdtemp(join(tmpdir(), tempPrefix))
  const path = await writeTestSkill(work, 'dir-skill', {
    version: '1.4.0',
    files: { 'scripts/run.sh': '#!/bin/sh\necho hi\n', 'reference.md': '# Ref\n' },
  })
  return {
    source: createDirectorySource(),
    spec: { kind: 'directory', path, link: false },
    expectedName: 'dir-skill',
    expectedVersion: '1.4.0',
    cleanup: () => rm(work, { recursive: true, force: true }),
  }
})

describe('directory source', () => {
  const source = createDirectorySource()
  let work: string

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), tempPrefix))
  })

  afterAll(async () => {
    await rm(work, { recursive: true, force: true })
  })

  it('records link and an absolute path, and uses 0.0.0 without metadata.version', async () => {
    const path = await writeTestSkill(work, 'no-version')
    const resolution = await source.resolve({ kind: 'directory', path, link: true })
    expect(resolution).toMatchObject({
      name: 'no-version',
      version: '0.0.0',
      source: { type: 'directory', path, link: true },
    })
  })

  it('refuses an invalid skill with INSTALL_INVALID_SKILL and its issues', async () => {
    const path = await writeTestSkill(work, 'bad-skill', { frontmatter: 'name: bad-skill\n' })
    const error: unknown = await source
      .resolve({ kind: 'directory', path, link: false })
      .catch((caught: unknown) => caught)
    expect(isSkillshipError(error) && error.code).toBe(InstallErrorCode.InvalidSkill)
    expect(isSkillshipError(error) && Array.isArray(error.details?.['issues'])).toBe(true)
  })

  it('refuses a folder whose name differs from the skill name', async () => {
    const path = await writeTestSkill(work, 'named', { folder: 'other-folder' })
    expect(await codeOf(source.resolve({ kind: 'directory', path, link: false }))).toBe(
      InstallErrorCode.InvalidSkill,
    )
  })

  it('refuses a folder without SKILL.md, and a symlink leaving the skill', async () => {
    const empty = join(work, 'empty')
    await writeTestSkill(work, 'escape')
    await symlink('/etc/hostname', join(work, 'escape', 'leak.txt'))
    await writeFile(join(work, 'not-a-folder'), 'x')
    expect(await codeOf(source.resolve({ kind: 'directory', path: work, link: false }))).toBe(
      InstallErrorCode.InvalidSkill,
    )
    const leaving = { type: 'directory', path: join(work, 'escape'), link: false } as const
    expect(await codeOf(source.fetch(leaving))).toBe(InstallErrorCode.InvalidSkill)
    expect(await codeOf(source.resolve({ kind: 'directory', path: empty, link: false }))).toBe(
      InstallErrorCode.SpecInvalid,
    )
    const file = { kind: 'directory', path: join(work, 'not-a-folder'), link: false } as const
    expect(await codeOf(source.resolve(file))).toBe(InstallErrorCode.SpecInvalid)
  })

  it('gives other bytes once the folder is edited', async () => {
    const path = await writeTestSkill(work, 'edited')
    const locked = { type: 'directory', path, link: false } as const
    const before = await source.fetch(locked)
    await writeFile(join(path, 'notes.md'), 'new\n')
    expect((await source.fetch(locked)).integrity).not.toBe(before.integrity)
  })
})
