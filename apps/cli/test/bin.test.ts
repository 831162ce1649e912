import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { symlink } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { scratch, validSkillMd } from './cli-harness.js'

// These run the built executable (npm test builds first), exactly as users and CI call it.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const version = (
  JSON.parse(
    execFileSync('node', ['-p', 'JSON.stringify(require("./apps/cli/package.json"))'], {
      encoding: 'utf8',
    }),
  ) as { version: string }
).version

let cleanup: (() => Promise<void>) | undefined
afterEach(async () => {
  await cleanup?.()
  cleanup = undefined
})

function run(args: string[], cwd: string) {
  return spawnSync('node', [bin, ...args], { cwd, encoding: 'utf8' })
}

describe('the skillship executable', () => {
  it('prints its version', () => {
    const result = run(['--version'], process.cwd())
    expect(result.status).toBe(0)
    expect(result.stdout.trim()).toBe(version)
  })

  it('sets the exit code: 0 valid, 1 invalid, 4 missing, 5 unsafe', async () => {
    const dir = await scratch({
      'good/SKILL.md': validSkillMd('good'),
      'bad/SKILL.md': validSkillMd('other'),
      'unsafe/SKILL.md': validSkillMd('unsafe'),
    })
    cleanup = dir.cleanup
    await symlink('/etc/passwd', join(dir.root, 'unsafe/passwd'))
    expect(run(['lint', 'good'], dir.root).status).toBe(0)
    expect(run(['lint', 'bad'], dir.root).status).toBe(1)
    expect(run(['lint', 'missing'], dir.root).status).toBe(4)
    const unsafe = run(['lint', 'unsafe', '--json'], dir.root)
    expect(unsafe.status).toBe(5)
    expect(JSON.parse(unsafe.stdout).errors[0].code).toBe('SKILL_LINK_ESCAPE')
  })

  it('routes the aliases i, rm, uninstall and ls to their commands', () => {
    const aliases: [string, string][] = [
      ['i', 'install'],
      ['rm', 'remove'],
      ['uninstall', 'remove'],
      ['ls', 'list'],
    ]
    for (const [alias, command] of aliases) {
      const result = run([alias, '--help'], process.cwd())
      expect({ alias, status: result.status }).toEqual({ alias, status: 0 })
      expect(result.stdout).toContain(`Usage: skillship ${command}`)
    }
  })

  it('exits 2 for an unknown command and for help on one, naming the closest', () => {
    const typo = run(['lst', '--json'], process.cwd())
    expect(typo.status).toBe(2)
    expect(JSON.parse(typo.stdout).errors[0].hint).toContain("Did you mean 'list'?")
    const help = run(['help', 'nonexistent'], process.cwd())
    expect(help.status).toBe(2)
    expect(help.stderr).toContain('CLI_UNKNOWN_COMMAND')
  })

  it('ends quietly with its own exit code when the reader closes stdout early (EPIPE)', async () => {
    const dir = await scratch({})
    cleanup = dir.cleanup
    for (const args of [['doctor'], ['help'], ['--version']]) {
      const child = spawn('node', [bin, ...args], {
        cwd: dir.root,
        env: { ...process.env, SKILLSHIP_HOME: join(dir.root, 'home') },
        stdio: ['ignore', 'pipe', 'pipe'],
      })
      // The reader is gone before the CLI writes its first line.
      child.stdout.destroy()
      let stderr = ''
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString()
      })
      const [code] = (await once(child, 'close')) as [number | null]
      expect({ args, code, stderr }).toEqual({ args, code: 0, stderr: '' })
    }
  })
})
