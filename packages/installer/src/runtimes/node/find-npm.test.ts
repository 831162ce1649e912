import { chmod, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { findNpm } from './find-npm.js'

let root: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-find-npm-'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

const fakeNode = () => join(root, 'node', 'bin', 'node')

describe.skipIf(process.platform === 'win32')('findNpm', () => {
  it('runs a JavaScript npm found on PATH with the running Node', async () => {
    const cli = join(root, 'lib', 'npm-cli.js')
    await mkdir(join(root, 'lib'))
    await mkdir(join(root, 'bin'))
    await writeFile(cli, '')
    await chmod(cli, 0o755)
    await symlink(cli, join(root, 'bin', 'npm'))
    const npm = await findNpm({ PATH: join(root, 'bin') }, fakeNode())
    expect(npm).toEqual({ command: fakeNode(), args: [cli] })
  })

  it('runs any other npm executable directly and skips non-executable ones', async () => {
    await mkdir(join(root, 'a'))
    await mkdir(join(root, 'b'))
    await writeFile(join(root, 'a', 'npm'), '#!/bin/sh\n', { mode: 0o644 })
    await writeFile(join(root, 'b', 'npm'), '#!/bin/sh\n', { mode: 0o755 })
    const path = [join(root, 'missing'), join(root, 'a'), join(root, 'b')].join(':')
    const npm = await findNpm({ PATH: path }, fakeNode())
    expect(npm).toEqual({ command: join(root, 'b', 'npm'), args: [] })
  })

  it('falls back to the npm bundled beside the Node executable', async () => {
    const cli = join(root, 'node', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js')
    await mkdir(join(cli, '..'), { recursive: true })
    await writeFile(cli, '')
    const npm = await findNpm({ PATH: '' }, fakeNode())
    expect(npm.command).toBe(fakeNode())
    expect(npm.args).toEqual([
      join(root, 'node', 'bin', '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    ])
  })

  it('reports a missing npm as RUNTIME_NODE_UNSUPPORTED', async () => {
    const error = await findNpm({}, fakeNode()).catch((caught: unknown) => caught)
    expect(isSkillshipError(error) && error.code).toBe(RuntimeErrorCode.NodeUnsupported)
  })
})
