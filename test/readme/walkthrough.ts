import { type ChildProcess, spawn } from 'node:child_process'
import { cp, mkdir, mkdtemp, rm, symlink } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { buildTestWheel } from '../../packages/installer/test/runtimes/build-test-wheel.js'

/**
 * The README's walkthrough, run as written: every shell line of the `## Walkthrough` section, in
 * order, in one bash session with `set -euo pipefail`, in a fresh HOME and working folder, against a
 * server started as the quick start starts it (`skillship server --examples examples/skills`) on a
 * free port. The only lines the harness may change are `export` lines of the variables the README
 * documents as the reader's to set (registry URL, port): their values are the harness's; pip's
 * configuration (which the README also names as the reader's) comes from the environment. A line that fails, or that is not reached, fails the run.
 */

/** Variables whose `export` lines the harness may give its own value. */
export const documentedVariables = ['SKILLSHIP_REGISTRY', 'SKILLSHIP_PORT'] as const
type DocumentedVariable = (typeof documentedVariables)[number]

/** The shell lines of the README's `## Walkthrough` section (fenced `sh` blocks), in order. */
export function extractWalkthrough(markdown: string): string[] {
  const start = markdown.search(/^## Walkthrough\s*$/m)
  if (start < 0) throw new Error('README.md has no "## Walkthrough" section')
  const rest = markdown.slice(start + 1)
  const end = rest.search(/^## /m)
  const section = end < 0 ? rest : rest.slice(0, end)
  const lines: string[] = []
  for (const block of section.matchAll(/^```sh\n([\s\S]*?)^```$/gm)) {
    lines.push(...(block[1] ?? '').split('\n').filter((line) => line.trim() !== ''))
  }
  if (lines.length === 0) throw new Error('the Walkthrough section holds no ```sh block')
  return lines
}

/** The lines with documented `export NAME=...` values replaced; every other line verbatim. */
export function bindDocumentedExports(
  lines: readonly string[],
  values: Partial<Record<DocumentedVariable, string>>,
): string[] {
  return lines.map((line) => {
    const match = /^export ([A-Z_]+)=\S*(\s+#.*)?$/.exec(line)
    const name = match?.[1] as DocumentedVariable | undefined
    if (name === undefined || !documentedVariables.includes(name)) return line
    const value = values[name]
    return value === undefined ? line : `export ${name}='${value}'${match?.[2] ?? ''}`
  })
}

/** What a walkthrough run printed and how it ended. */
export interface WalkthroughRun {
  readonly code: number | null
  readonly output: string
  readonly serverOutput: string
}

/**
 * Runs `lines` with `skillship` = `bin` on PATH. The working folder holds a copy of the
 * repository's `examples/` (the README's relative paths are the clone's); pip installs from a
 * local folder holding the wheels the examples need, built here (there is no PyPI in tests).
 */
export async function runWalkthrough(options: {
  readonly lines: readonly string[]
  readonly bin: string
  readonly repo: string
  readonly timeoutMs: number
}): Promise<WalkthroughRun> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-walkthrough-'))
  let server: ChildProcess | undefined
  try {
    const setup = await prepareFolders(root, options)
    const port = await freePort()
    const env = walkthroughEnv(setup, port)
    server = spawn(options.bin, ['server', '--examples', 'examples/skills'], {
      cwd: setup.work,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const serverOutput = collect(server)
    await waitForReady(`http://127.0.0.1:${port}/readyz`, server, options.timeoutMs)
    const script = bindDocumentedExports(options.lines, {
      SKILLSHIP_REGISTRY: `http://127.0.0.1:${port}`,
      SKILLSHIP_PORT: String(port),
    })
    const run = await runBash(['set -euo pipefail', ...script].join('\n'), setup.work, env, options)
    return { ...run, serverOutput: serverOutput() }
  } finally {
    server?.kill('SIGTERM')
    await rm(root, { recursive: true, force: true })
  }
}

interface Folders {
  readonly home: string
  readonly work: string
  readonly wheels: string
  readonly binDir: string
}

async function prepareFolders(
  root: string,
  options: { readonly bin: string; readonly repo: string },
): Promise<Folders> {
  const folders = {
    home: join(root, 'home'),
    work: join(root, 'work'),
    wheels: join(root, 'wheels'),
    binDir: join(root, 'bin'),
  }
  for (const folder of Object.values(folders)) await mkdir(folder, { recursive: true })
  await cp(join(options.repo, 'examples'), join(folders.work, 'examples'), { recursive: true })
  await symlink(options.bin, join(folders.binDir, 'skillship'))
  await buildTestWheel(folders.wheels, { name: 'tabulate', version: '0.9.0', module: tabulate })
  return folders
}

// A stand-in for the real package (not reachable here): the one function csv-insights calls.
const tabulate = `__version__ = "0.9.0"


def tabulate(rows, headers=(), tablefmt="github", disable_numparse=True):
    lines = ["| " + " | ".join(str(h) for h in headers) + " |"]
    lines.append("|" + "|".join("---" for _ in headers) + "|")
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\\n".join(lines)
`

// The machine's environment less what would leak this machine's settings into a fresh user's run.
function walkthroughEnv(folders: Folders, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(SKILLSHIP_|PIP_|UV_|npm_|VITEST|DATABASE_URL)/.test(name)) env[name] = value
  }
  return {
    ...env,
    HOME: folders.home,
    PATH: `${folders.binDir}${delimiter}${process.env['PATH'] ?? ''}`,
    SKILLSHIP_PORT: String(port),
    // The pip configuration the README names as the reader's: here, a local folder of wheels.
    PIP_CONFIG_FILE: '/dev/null',
    PIP_NO_INDEX: '1',
    PIP_FIND_LINKS: folders.wheels,
  }
}

function collect(child: ChildProcess): () => string {
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()))
  return () => output
}

async function waitForReady(url: string, server: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`)
    const ready = await fetch(url).then(
      (answer) => answer.status === 200,
      () => false,
    )
    if (ready) return
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} not ready within ${timeoutMs} ms`)
}

function runBash(
  script: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  options: { readonly timeoutMs: number },
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // -x prints each line as it runs, so a failure names the README line it stopped at.
    const child = spawn('bash', ['-x', '-c', script], {
      cwd,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const output = collect(child)
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
    child.once('error', reject)
    child.once('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output: output() })
    })
  })
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}
