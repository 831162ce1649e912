import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  computeSkillDigest,
  placedMarkerFileName,
  signatureFileName,
} from '../digest/skill-digest.js'
import { skillDigestOfArchive, skillDigestOfFolder } from './skill-digest-of.js'

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], {
    cwd,
    stdio: 'pipe',
  })

describe('the skill digest from every source', () => {
  let base: string
  let skill: string

  beforeAll(() => {
    base = mkdtempSync(join(tmpdir(), 'skillship-digest-test-'))
    skill = join(base, 'hello')
    mkdirSync(join(skill, 'scripts'), { recursive: true })
    writeFileSync(
      join(skill, 'SKILL.md'),
      '---\nname: hello\ndescription: Says hello.\nmetadata:\n  version: 1.0.0\n---\nSay hello.\n',
    )
    writeFileSync(join(skill, 'scripts', 'run.sh'), '#!/bin/sh\necho hello\n')
    chmodSync(join(skill, 'scripts', 'run.sh'), 0o755)
    writeFileSync(join(skill, 'notes é.md'), 'accented name\n')
  })
  afterAll(() => rmSync(base, { recursive: true, force: true }))

  it('is the same from a folder, a git checkout, a tarball and the packed file list', async () => {
    const fromFolder = await skillDigestOfFolder(skill)
    const origin = join(base, 'origin')
    mkdirSync(origin)
    execFileSync('cp', ['-R', skill, join(origin, 'hello')])
    git(origin, 'init', '-q')
    git(origin, 'add', '.')
    git(origin, 'commit', '-q', '-m', 'skill')
    git(base, 'clone', '-q', origin, 'checkout')
    const fromCheckout = await skillDigestOfFolder(join(base, 'checkout', 'hello'))
    const packed = await packSkill(await loadSkill(skill))
    const fromTarball = await skillDigestOfArchive(packed.tarball)
    const fromList = computeSkillDigest(packed.files)
    expect(fromFolder).toMatch(/^skilltree-sha256:[0-9a-f]{64}$/)
    expect({ fromCheckout, fromTarball, fromList }).toEqual({
      fromCheckout: fromFolder,
      fromTarball: fromFolder,
      fromList: fromFolder,
    })
  })

  it('leaves out the placed marker and the detached signature, and counts the execute bit', async () => {
    const before = await skillDigestOfFolder(skill)
    const copy = join(base, 'copy')
    execFileSync('cp', ['-R', skill, copy])
    writeFileSync(join(copy, placedMarkerFileName), '{}')
    writeFileSync(join(copy, signatureFileName), '{}')
    expect(await skillDigestOfFolder(copy)).toBe(before)
    chmodSync(join(copy, 'scripts', 'run.sh'), 0o644)
    expect(await skillDigestOfFolder(copy)).not.toBe(before)
  })
})
