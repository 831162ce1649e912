import { chmod, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempPrefix } from '../../../test/sources/expect-code.js'
import { relocateVenv } from './relocate-venv.js'

let root: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), tempPrefix))
})

afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

describe('relocateVenv', () => {
  it('rewrites scripts, activate files and pyvenv.cfg, keeping modes; leaves binaries and links', async () => {
    const from = join(root, '.staging-x')
    const to = join(root, 'final')
    const bin = join(from, 'bin')
    await mkdir(bin, { recursive: true })
    await writeFile(join(bin, 'tool'), `#!${from}/bin/python\nimport tool\n`)
    await chmod(join(bin, 'tool'), 0o755)
    await writeFile(join(bin, 'activate'), `VIRTUAL_ENV="${from}"\n# caf\u00e9\n`)
    const binary = Buffer.concat([Buffer.from('\x7fELF\0'), Buffer.from(from)])
    await writeFile(join(bin, 'native'), binary)
    await symlink('/usr/bin/python3', join(bin, 'python'))
    await writeFile(
      join(from, 'pyvenv.cfg'),
      `home = /usr/bin\ncommand = /usr/bin/python3 -m venv ${from}\n`,
    )

    await relocateVenv(from, from, to)

    expect(await readFile(join(bin, 'tool'), 'utf8')).toBe(`#!${to}/bin/python\nimport tool\n`)
    expect((await stat(join(bin, 'tool'))).mode & 0o777).toBe(0o755)
    expect(await readFile(join(bin, 'activate'), 'utf8')).toBe(`VIRTUAL_ENV="${to}"\n# caf\u00e9\n`)
    expect(await readFile(join(bin, 'native'))).toEqual(binary)
    expect(await readFile(join(from, 'pyvenv.cfg'), 'utf8')).toContain(`-m venv ${to}\n`)
  })
})
