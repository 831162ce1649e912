import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildTestWheel } from '../../test/runtimes/build-test-wheel.js'
import { pythonTestEnv } from '../../test/runtimes/python-test-env.js'
import type { InstallerOptions } from '../project/project.js'
import { runInstall } from './run-install.js'

// Which installer modules `install --frozen` runs, measured with V8 coverage in a child process on
// the TypeScript sources (tsx), against the list in ARCHITECTURE.md. The project is what CI meets
// with a cached ~/.skillship: skillship.json and skillship.lock checked out, no agent folders, no
// `.skillship/`, the store and the environments already there. One plain skill and one whose
// script needs a Python package (requirements.txt), for Claude Code (a real folder), Codex (the
// shared `.agents/skills`) and Windsurf (a link): the frozen install reuses the locked Python
// environment, and so must not load the code that builds one. Folder sources keep the test off
// the network; a registry skill adds the registry source to the path.
const srcRoot = fileURLToPath(new URL('../', import.meta.url))
const architecture = fileURLToPath(new URL('../../../../ARCHITECTURE.md', import.meta.url))
const listHeading = '### Modules a frozen install passes through'

// Loading one of these means a frozen install whose environments exist built code it never runs.
const buildOnly = [
  'runtimes/python/build-python-env.ts',
  'runtimes/python/install-python-packages.ts',
  'runtimes/node/build-node-env.ts',
  'runtimes/node/run-npm.ts',
]

let work: string
let options: Omit<InstallerOptions, 'clientFor'>

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-frozen-modules-'))
  await buildTestWheel(join(work, 'wheels'), { name: 'pkgx', version: '1.0' })
  const skills: Record<string, Record<string, string>> = {
    plain: {},
    'py-tool': {
      'requirements.txt': 'pkgx==1.0\n',
      'scripts/tool.py': 'import pkgx\nprint(pkgx.__version__)\n',
    },
  }
  const specs: Record<string, string> = {}
  for (const [name, files] of Object.entries(skills)) {
    const dir = join(work, 'skills', name)
    const md = `---\nname: ${name}\ndescription: The ${name} test skill.\n---\n# ${name}\n`
    for (const [path, content] of Object.entries({ 'SKILL.md': md, ...files })) {
      await mkdir(join(dir, path, '..'), { recursive: true })
      await writeFile(join(dir, path), content)
    }
    specs[name] = `file:${dir}`
  }
  const projectRoot = join(work, 'project')
  await mkdir(projectRoot)
  const manifest = { agents: ['claude-code', 'codex', 'windsurf'], skills: specs }
  await writeFile(join(projectRoot, 'skillship.json'), JSON.stringify(manifest))
  options = {
    projectRoot,
    scope: 'project',
    home: join(work, 'home'),
    env: pythonTestEnv(join(work, 'wheels')),
    storeRoot: join(work, 'store'),
    envsRoot: join(work, 'envs'),
    skillshipHome: join(work, 'home', '.skillship'),
    registry: 'http://127.0.0.1:9/',
  }
  await runInstall({ ...options, clientFor: noRegistry })
  for (const folder of ['.claude', '.agents', '.windsurf', '.skillship'])
    await rm(join(projectRoot, folder), { recursive: true })
}, 120_000)

afterAll(async () => {
  await rm(work, { recursive: true, force: true })
})

function noRegistry(): never {
  throw new Error('this project names no registry skill')
}

/** Runs `runInstall(options, { frozen: true })` in a child under NODE_V8_COVERAGE. */
async function frozenInstallCoverage(coverageDir: string) {
  const runInstallUrl = pathToFileURL(join(srcRoot, 'install', 'run-install.ts')).href
  const script = [
    `const { runInstall } = await import(${JSON.stringify(runInstallUrl)})`,
    `const options = { ...${JSON.stringify(options)}, clientFor: () => { throw new Error('no registry') } }`,
    'const result = await runInstall(options, { frozen: true })',
    'console.log(JSON.stringify({ placed: result.placed, changed: result.changed }))',
  ].join('\n')
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--conditions=skillship-source', '--import', 'tsx', '--input-type=module', '-e', script],
    { env: { ...process.env, NODE_V8_COVERAGE: coverageDir }, maxBuffer: 16 << 20 },
  )
  return JSON.parse(stdout) as { placed: string[]; changed: number }
}

interface ScriptCoverage {
  readonly url: string
  readonly functions: readonly {
    readonly functionName: string
    readonly ranges: readonly { readonly count: number }[]
  }[]
}

/**
 * The installer source modules that were loaded, and those where a function ran: any function
 * but the module's own body (the first entry), class static blocks and tsx's `__name` helper.
 */
async function installerModules(coverageDir: string) {
  const prefix = pathToFileURL(srcRoot).href
  const loaded = new Set<string>()
  const ran = new Set<string>()
  for (const file of await readdir(coverageDir)) {
    const { result } = JSON.parse(await readFile(join(coverageDir, file), 'utf8')) as {
      result: ScriptCoverage[]
    }
    for (const script of result) {
      if (!script.url.startsWith(prefix) || script.url.endsWith('.test.ts')) continue
      const module = script.url.slice(prefix.length)
      loaded.add(module)
      const called = script.functions.slice(1).some((fn) => {
        const skipped = fn.functionName === '__name' || fn.functionName === '<static_initializer>'
        return !skipped && (fn.ranges[0]?.count ?? 0) > 0
      })
      if (called) ran.add(module)
    }
  }
  return { loaded: [...loaded].sort(), ran: [...ran].sort() }
}

/** The module list of ARCHITECTURE.md: one `- \`<path under src>\`: ...` line per module. */
async function documentedModules(): Promise<string[]> {
  const text = await readFile(architecture, 'utf8')
  const start = text.indexOf(`\n${listHeading}\n`)
  expect(start, `ARCHITECTURE.md has no "${listHeading}" section`).toBeGreaterThan(-1)
  const section = text.slice(start + listHeading.length + 2).split(/\n#{2,3} /)[0] ?? ''
  return section
    .split('\n')
    .flatMap((line) => /^- `([^`]+\.ts)`/.exec(line)?.[1] ?? [])
    .sort()
}

describe('the modules a frozen install passes through', () => {
  it('are the ones ARCHITECTURE.md lists, fewer than 30, and no environment builder', async () => {
    const coverageDir = join(work, 'coverage')
    const result = await frozenInstallCoverage(coverageDir)
    expect(result.placed.map((path) => path.slice(options.projectRoot.length + 1)).sort()).toEqual([
      '.agents/skills/plain',
      '.agents/skills/py-tool',
      '.claude/skills/plain',
      '.claude/skills/py-tool',
      '.windsurf/skills/plain',
      '.windsurf/skills/py-tool',
    ])
    const { loaded, ran } = await installerModules(coverageDir)
    expect(ran).toEqual(await documentedModules())
    expect(ran.length).toBeLessThan(30)
    expect(loaded.filter((module) => buildOnly.includes(module))).toEqual([])
  }, 120_000)
})
