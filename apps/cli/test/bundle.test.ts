import { spawnSync } from 'node:child_process'
import { chmod, copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

// The built executable (npm test builds first): CommonJS bundles per command
// (scripts/bundle-cli.mjs) loaded through bin/load-bundle.js with a V8 code cache.
const bin = new URL('../bin/skillship.js', import.meta.url).pathname
const loader = new URL('../bin/load-bundle.js', import.meta.url).pathname
const bundleDir = new URL('../bundle/', import.meta.url).pathname

let scratch: string | undefined
afterEach(async () => {
  if (scratch) await rm(scratch, { recursive: true, force: true })
  scratch = undefined
})

async function folder(): Promise<string> {
  scratch = await mkdtemp(join(tmpdir(), 'skillship-bundle-'))
  return scratch
}

// The environment without proxy variables, so nothing but the bundles decides the outcome.
function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra }
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy']) delete env[name]
  return env
}

describe('the bundled CLI', () => {
  // Prints, at exit, which files of the bundle folder this run loaded.
  async function runListingBundles(args: string[], dir?: string) {
    const cwd = dir ?? (await folder())
    const preload = join(cwd, 'list-bundles.cjs')
    await writeFile(
      preload,
      `process.on('exit', () => process.stderr.write('\\nloaded ' + JSON.stringify(Object.keys(require.cache).filter((f) => f.startsWith(${JSON.stringify(bundleDir)})).map((f) => f.slice(${bundleDir.length})).sort())))`,
    )
    const result = spawnSync(process.execPath, ['-r', preload, bin, ...args], {
      cwd,
      encoding: 'utf8',
      env: cleanEnv({ HOME: cwd, SKILLSHIP_HOME: join(cwd, '.skillship') }),
    })
    const loaded = /\nloaded (.*)$/.exec(result.stderr)?.[1]
    return { ...result, loaded: JSON.parse(loaded ?? 'null') as string[] | null }
  }

  it('answers --version from main.js alone', async () => {
    const result = await runListingBundles(['--version'])
    expect(result.status).toBe(0)
    expect(result.loaded).toEqual(['main.js'])
  })

  it('routes a command, and help for it, to that command bundle', async () => {
    const help = await runListingBundles(['help', 'outdated'])
    expect(help.status).toBe(0)
    expect(help.stdout).toMatch(/^Usage: skillship outdated/)
    expect(help.loaded).toEqual(['list.js', 'main.js'])
    const unknown = await runListingBundles(['nope', '--json'])
    expect(unknown.status).toBe(2)
    expect(JSON.parse(unknown.stdout).errors[0].code).toBe('CLI_UNKNOWN_COMMAND')
    expect(unknown.loaded).toEqual(['help.js', 'main.js'])
  })

  it.each([
    // Thrown by registry-client inside info.js.
    [['info', 'x', '--registry', 'http://127.0.0.1:1', '--json'], 3, 'REGISTRY_UNREACHABLE'],
    // Thrown by the installer inside run.js.
    [['run', '--json', 'nope', 'go.py'], 4, 'RUNTIME_SKILL_NOT_INSTALLED'],
    // Thrown by the command itself.
    [['lint', '--bogus', '--json'], 2, 'CLI_UNKNOWN_OPTION'],
  ])(
    'turns a SkillshipError thrown in a command bundle into a coded error: %j',
    async (args, exitCode, code) => {
      const result = await runListingBundles(args)
      expect(result.stderr).not.toContain('internal error')
      expect(result.status).toBe(exitCode)
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, errors: [{ code }] })
    },
  )
  // scripts/bundle-cli.mjs: the audit's parser and regex engine and the OpenSSH key reader are
  // shared files behind stand-ins, required on first use only.
  it('loads the scanner and the OpenSSH key reader only for the runs that use them', async () => {
    const lazy = ['vendor-babel-parser.js', 'vendor-re2js.js', 'vendor-sshpk.js']
    const cwd = await folder()
    await writeFile(join(cwd, 'skillship.json'), JSON.stringify({ agents: ['qoder'], skills: {} }))
    const install = await runListingBundles(['install', '--json'], cwd)
    expect(install.status).toBe(0)
    expect(install.loaded?.filter((file) => lazy.includes(file))).toEqual([])
    const skill = join(cwd, 'probe')
    await mkdir(join(skill, 'scripts'), { recursive: true })
    await writeFile(
      join(skill, 'SKILL.md'),
      '---\nname: probe\ndescription: A probe.\n---\nRun it.\n',
    )
    await writeFile(
      join(skill, 'scripts/run.js'),
      "require('child_process').execSync('echo ' + 'hi')\n",
    )
    const audit = await runListingBundles(['audit', skill, '--json'], cwd)
    expect(audit.loaded).toEqual(
      expect.arrayContaining(['vendor-babel-parser.js', 'vendor-re2js.js']),
    )
    expect(audit.loaded).not.toContain('vendor-sshpk.js')
  })
})

describe('bin/load-bundle.js', () => {
  const key = `${process.version}-${process.arch}`

  // A bundle folder of two stamped files (main.js requires other.js and a package from
  // node_modules), and a start script that loads main.js as bin/skillship.js does.
  async function bundle(root: string, hash = 'aaaaaaaaaaaaaaaa') {
    await mkdir(join(root, 'bundle'), { recursive: true })
    await mkdir(join(root, 'node_modules/some-dep'), { recursive: true })
    await writeFile(join(root, 'node_modules/some-dep/index.js'), 'exports.name = "some-dep"\n')
    await copyFile(loader, join(root, 'load-bundle.js'))
    await writeFile(
      join(root, 'start.js'),
      `require('./load-bundle.js').loadBundle(${JSON.stringify(join(root, 'bundle/main.js'))})\n`,
    )
    await writeFile(
      join(root, 'bundle/other.js'),
      `// skillship-bundle ${hash}\nexports.name = 'other'\n`,
    )
    await writeFile(
      join(root, 'bundle/main.js'),
      `// skillship-bundle ${hash}
'use strict'
const other = require('./other.js')
process.stdout.write(JSON.stringify({
  filename: __filename,
  dirname: __dirname,
  other: other.name,
  child: module.children[0].exports === other,
  resolved: require.resolve('./other.js'),
  dep: require('some-dep').name,
  depPath: require.resolve('some-dep'),
  paths: require.resolve.paths('some-dep')[0],
  main: require.main.filename,
  strict: (function () { return this })() === undefined,
}))
process.exitCode = 7
`,
    )
  }

  function start(root: string, env: Record<string, string> = {}, uid?: number) {
    const result = spawnSync(process.execPath, [join(root, 'start.js')], {
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', XDG_CACHE_HOME: join(root, 'xdg'), ...env },
      ...(uid === undefined ? {} : { uid, gid: uid }),
    })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(7)
    return JSON.parse(result.stdout) as Record<string, unknown>
  }

  const cacheFile = (root: string, name: string, hash = 'aaaaaaaaaaaaaaaa') =>
    join(root, 'bundle/.v8-cache', `${name}-${hash}-${key}.bin`)

  it('runs the bundle as a plain CommonJS module would, with its exit code', async () => {
    const root = await folder()
    await bundle(root)
    expect(start(root)).toEqual({
      filename: join(root, 'bundle/main.js'),
      dirname: join(root, 'bundle'),
      other: 'other',
      child: true,
      resolved: join(root, 'bundle/other.js'),
      dep: 'some-dep',
      depPath: join(root, 'node_modules/some-dep/index.js'),
      paths: join(root, 'bundle/node_modules'),
      main: join(root, 'start.js'),
      strict: true,
    })
  })

  it('writes the cache at exit, keeps it while accepted, and replaces a damaged one', async () => {
    const root = await folder()
    await bundle(root)
    start(root)
    const written = await stat(cacheFile(root, 'main'))
    await stat(cacheFile(root, 'other'))
    start(root)
    expect((await stat(cacheFile(root, 'main'))).mtimeMs).toBe(written.mtimeMs)
    await writeFile(cacheFile(root, 'other'), 'not a code cache')
    start(root)
    expect(await readFile(cacheFile(root, 'other'), 'utf8')).not.toBe('not a code cache')
  })

  it('keys the cache on the content hash: a rebuilt bundle never reads the old one', async () => {
    const root = await folder()
    await bundle(root)
    start(root)
    await bundle(root, 'bbbbbbbbbbbbbbbb')
    start(root)
    await stat(cacheFile(root, 'main', 'bbbbbbbbbbbbbbbb'))
  })

  it('caches nothing with SKILLSHIP_CODE_CACHE=0, and survives an unwritable cache', async () => {
    const off = await folder()
    await bundle(off)
    start(off, { SKILLSHIP_CODE_CACHE: '0' })
    await expect(stat(join(off, 'bundle/.v8-cache'))).rejects.toThrow(/ENOENT/)
    // A file where the cache folder should be: every read and write fails.
    await writeFile(join(off, 'bundle/.v8-cache'), '')
    expect(start(off)['other']).toBe('other')
  })

  it('falls back to $XDG_CACHE_HOME/skillship/v8-cache beside a read-only bundle', async () => {
    const root = await folder()
    await bundle(root)
    await mkdir(join(root, 'xdg'), { mode: 0o777 })
    await chmod(join(root, 'xdg'), 0o777)
    await chmod(root, 0o755)
    // root writes anywhere, so it runs the CLI as `nobody`; anyone else loses write access.
    const asRoot = process.getuid?.() === 0
    if (!asRoot) await chmod(join(root, 'bundle'), 0o555)
    start(root, {}, asRoot ? 65534 : undefined)
    await stat(join(root, 'xdg/skillship/v8-cache', `main-aaaaaaaaaaaaaaaa-${key}.bin`))
    await expect(stat(join(root, 'bundle/.v8-cache'))).rejects.toThrow(/ENOENT/)
    await chmod(join(root, 'bundle'), 0o755)
  })
})
