import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SkillErrorCode } from '@skillship/core/errors'
import { afterEach, describe, expect, it } from 'vitest'
import { cli, scratch, validSkillMd } from '../test/cli-harness.js'
import { CliErrorCode } from './cli-error-codes.js'

let cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  await Promise.all(cleanups.map((c) => c()))
  cleanups = []
})

async function workspace(files: Record<string, string | Uint8Array>) {
  const dir = await scratch(files)
  cleanups.push(dir.cleanup)
  return dir.root
}

describe('skillship (dispatch)', () => {
  it('prints the overview for no command and for help', async () => {
    const root = await workspace({})
    for (const args of [[], ['help'], ['--help']]) {
      const run = await cli(args, root)
      expect(run.code).toBe(0)
      expect(run.stdout).toContain('Usage: skillship <command>')
    }
    expect((await cli(['help', 'pack'], root)).stdout).toContain('Usage: skillship pack')
  })

  it('prints help as one JSON object with --json, like every command', async () => {
    const root = await workspace({})
    for (const args of [
      ['help', '--json'],
      ['help', 'pack', '--json'],
      ['pack', '--help', '--json'],
    ]) {
      const run = await cli(args, root)
      expect(run.code).toBe(0)
      expect(run.json<{ ok: boolean; usage: string }>()).toMatchObject({ ok: true })
      expect(run.json<{ usage: string }>().usage).toContain('Usage: skillship')
    }
  })

  it('refuses an unknown command with exit 2 and a coded JSON error', async () => {
    const run = await cli(['frobnicate', '--json'], await workspace({}))
    expect(run.code).toBe(2)
    expect(run.json<{ ok: boolean; errors: { code: string }[] }>()).toMatchObject({
      ok: false,
      errors: [{ code: CliErrorCode.UnknownCommand }],
    })
  })

  it('refuses an unknown option with exit 2', async () => {
    const run = await cli(['lint', '--frob'], await workspace({}))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(CliErrorCode.UnknownOption)
  })
})

type Errors = { errors: { code: string; message: string; hint?: string }[] }

describe('skillship usage errors', () => {
  it('names the closest option of the command for an unknown one, without parseArgs text', async () => {
    const run = await cli(['add', 'demo', '--agents', 'qoder', '--json'], await workspace({}))
    expect(run.code).toBe(2)
    const [error] = run.json<Errors>().errors
    expect(error).toMatchObject({ code: CliErrorCode.UnknownOption })
    expect(error?.message).toBe("Unknown option '--agents'")
    expect(error?.hint).toContain("Did you mean '--agent'?")
    const text = await cli(['lint', '--stirct'], await workspace({}))
    expect(text.stderr).toContain("Did you mean '--strict'?")
    expect(text.stderr).not.toContain('To specify a positional argument')
  })

  it('offers no option when nothing is close', async () => {
    const run = await cli(['lint', '--zzzzzzzz', '--json'], await workspace({}))
    expect(run.json<Errors>().errors[0]?.hint).not.toContain('Did you mean')
  })

  it('names the closest option of run, which parses its own options', async () => {
    const run = await cli(['run', '--json', '--globl', 'demo', 'x.py'], await workspace({}))
    expect(run.code).toBe(2)
    expect(run.json<Errors>().errors[0]).toMatchObject({ code: CliErrorCode.UnknownOption })
    expect(run.json<Errors>().errors[0]?.hint).toContain("Did you mean '--global'?")
  })

  it('names the closest command for an unknown one', async () => {
    const run = await cli(['instal', '--json'], await workspace({}))
    expect(run.code).toBe(2)
    expect(run.json<Errors>().errors[0]).toMatchObject({ code: CliErrorCode.UnknownCommand })
    expect(run.json<Errors>().errors[0]?.hint).toContain("Did you mean 'install'?")
  })

  it('exits 2 for help on an unknown command, naming the closest', async () => {
    const run = await cli(['help', 'doctr'], await workspace({}))
    expect(run.code).toBe(2)
    expect(run.stderr).toContain(CliErrorCode.UnknownCommand)
    expect(run.stderr).toContain("Did you mean 'doctor'?")
    expect((await cli(['help', 'nonexistent'], await workspace({}))).code).toBe(2)
    expect((await cli(['help', 'constructor'], await workspace({}))).code).toBe(2)
    expect((await cli(['constructor'], await workspace({}))).code).toBe(2)
  })

  it('treats an option in place of the command as an option, not a command', async () => {
    const root = await workspace({})
    const typo = await cli(['--versoin'], root)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toContain(CliErrorCode.UnknownOption)
    expect(typo.stderr).toContain("Did you mean '--version'?")
    const json = await cli(['--json', 'list'], root)
    expect(json.code).toBe(2)
    expect(json.stderr).toContain(CliErrorCode.Usage)
    expect(json.stderr).not.toContain(CliErrorCode.UnknownCommand)
  })

  it.each([
    [['dist-tag', 'ad', 'demo@1.0.0', 'stable'], "Did you mean 'add'?", 'skillship help dist-tag'],
    [['experiment', 'strat', 'cr-1'], "Did you mean 'start'?", 'skillship help experiment'],
    [['keys', 'lsit'], "Did you mean 'list'?", 'skillship help keys'],
  ])(
    'refuses the unknown action of %j before any registry call, naming the closest',
    async (args, closest, help) => {
      // No token and no registry: a typo must not be reported as a login or network failure.
      const root = await workspace({})
      const run = await cli([...args, '--json'], root, {
        env: { SKILLSHIP_REGISTRY: 'http://127.0.0.1:9' },
        home: root,
      })
      expect(run.code).toBe(2)
      const [error] = run.json<Errors>().errors
      expect(error).toMatchObject({ code: CliErrorCode.UnknownCommand })
      expect(error?.hint).toContain(closest)
      expect(error?.hint).toContain(help)
    },
  )

  it('names the closest server subcommand for a mistyped one (exit 2)', async () => {
    const root = await workspace({})
    const run = await cli(['server', 'tokn', 'create', '--json'], root, {
      env: { SKILLSHIP_DATA: root },
      home: root,
    })
    expect(run.code).toBe(2)
    expect(run.json<Errors>().errors[0]).toMatchObject({ code: CliErrorCode.Usage })
    expect(run.json<Errors>().errors[0]?.hint).toContain("Did you mean 'token create'?")
  })

  it.each([
    ['i', 'install'],
    ['rm', 'remove'],
    ['uninstall', 'remove'],
    ['ls', 'list'],
  ])('runs %s as %s', async (alias, command) => {
    const root = await workspace({})
    const home = await workspace({})
    const [viaAlias, direct] = [
      await cli([alias, '--help'], root),
      await cli([command, '--help'], root),
    ]
    expect(viaAlias.stdout).toBe(direct.stdout)
    expect(viaAlias.stdout).toContain(`skillship ${command}`)
    const env = { SKILLSHIP_HOME: home }
    const ran = await cli([alias, '--json'], root, { env, home })
    const canonical = await cli([command, '--json'], root, { env, home })
    expect([ran.code, ran.stdout]).toEqual([canonical.code, canonical.stdout])
  })
})

describe('skillship lint', () => {
  it('passes a valid skill and exits 0', async () => {
    const root = await workspace({ 'demo/SKILL.md': validSkillMd('demo') })
    const run = await cli(['lint', 'demo'], root)
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('1 skill: 1 passed, 0 failed')
  })

  it('lints a folder of skills and reports each, exit 1 when one fails', async () => {
    const root = await workspace({
      'skills/a/SKILL.md': validSkillMd('a'),
      'skills/b/SKILL.md': validSkillMd('wrong'),
    })
    const run = await cli(['lint', 'skills', '--json'], root)
    expect(run.code).toBe(1)
    const body = run.json<{
      ok: boolean
      summary: { skills: number; failed: number }
      errors: { code: string }[]
    }>()
    expect(body.ok).toBe(false)
    expect(body.summary).toMatchObject({ skills: 2, failed: 1 })
    expect(body.errors.map((e) => e.code)).toEqual([SkillErrorCode.NameDirectoryMismatch])
  })

  it('fails on warnings only with --strict', async () => {
    const root = await workspace({ 'demo/SKILL.md': validSkillMd('demo', 'compatibility: ""\n') })
    expect((await cli(['lint', 'demo'], root)).code).toBe(0)
    expect((await cli(['lint', 'demo', '--strict'], root)).code).toBe(1)
  })

  it('applies --target profiles', async () => {
    const root = await workspace({
      'demo/SKILL.md': validSkillMd('demo', 'argument-hint: "[file]"\n'),
    })
    expect((await cli(['lint', 'demo'], root)).code).toBe(1)
    expect((await cli(['lint', 'demo', '--target', 'qoder'], root)).code).toBe(0)
    expect((await cli(['lint', 'demo', '--target', 'nope'], root)).code).toBe(2)
  })

  it('exits 4 for a missing path', async () => {
    const run = await cli(['lint', 'missing', '--json'], await workspace({}))
    expect(run.code).toBe(4)
    expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      SkillErrorCode.PathNotFound,
    )
  })

  it('--fix rewrites SKILL.md to UTF-8 without BOM, LF and a one-line description, and nothing else', async () => {
    const original =
      '---\r\nname: demo\r\ndescription: |\r\n  Two\r\n  lines.\r\nlicense: MIT\r\n---\r\n# Body  \r\n'
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(original)])
    const root = await workspace({
      'demo/SKILL.md': bytes,
      'demo/data.bin': new Uint8Array([0xef, 0xbb, 0xbf, 13, 10]),
    })
    const run = await cli(['lint', 'demo', '--fix', '--json'], root)
    expect(run.code).toBe(0)
    const fixed = await readFile(join(root, 'demo/SKILL.md'), 'utf8')
    expect(fixed).toBe('---\nname: demo\ndescription: "Two lines."\nlicense: MIT\n---\n# Body  \n')
    expect([...(await readFile(join(root, 'demo/data.bin')))]).toEqual([0xef, 0xbb, 0xbf, 13, 10])
    expect(run.json<{ skills: { issues: unknown[] }[] }>().skills[0]?.issues).toEqual([])
  })
})

describe('skillship pack', () => {
  it('packs a valid skill deterministically and prints its integrity', async () => {
    const root = await workspace({
      'demo/SKILL.md': validSkillMd('demo', 'metadata:\n  version: "1.2.3"\n'),
      'demo/scripts/run.py': 'print(1)\n',
    })
    const first = await cli(['pack', 'demo', '--json'], root)
    expect(first.code).toBe(0)
    const body = first.json<{
      name: string
      version: string
      integrity: string
      fileCount: number
      file: string
    }>()
    expect(body).toMatchObject({ name: 'demo', version: '1.2.3', fileCount: 2 })
    expect(body.integrity).toMatch(/^sha512-[A-Za-z0-9+/]+=*$/)
    expect(body.file).toBe(join(root, 'demo-1.2.3.tgz'))
    const second = await cli(['pack', 'demo', '-o', 'again.tgz', '--json'], root)
    expect(second.json<{ integrity: string }>().integrity).toBe(body.integrity)
    expect(await readFile(join(root, 'again.tgz'))).toEqual(
      await readFile(join(root, 'demo-1.2.3.tgz')),
    )
  })

  it('refuses an invalid skill with exit 1 and writes nothing', async () => {
    const root = await workspace({ 'demo/SKILL.md': validSkillMd('other') })
    const run = await cli(['pack', 'demo', '--json'], root)
    expect(run.code).toBe(1)
    expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(SkillErrorCode.Invalid)
    await expect(readFile(join(root, 'demo.tgz'))).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('refuses a version that is not semver', async () => {
    const root = await workspace({ 'demo/SKILL.md': validSkillMd('demo') })
    const run = await cli(['pack', 'demo', '--version', '1.0', '--json'], root)
    expect(run.code).toBe(1)
    expect(run.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(
      SkillErrorCode.VersionInvalid,
    )
  })

  it('needs exactly one folder', async () => {
    expect((await cli(['pack'], await workspace({}))).code).toBe(2)
  })
})
