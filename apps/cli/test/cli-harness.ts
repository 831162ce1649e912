import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { createRegistryClient } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig, startServer } from '@skillship/server'
import type { CliIo } from '../src/command.js'
import { runCli } from '../src/run-cli.js'

/** The outcome of one in-process CLI run. */
export interface CliRun {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
  json<T = Record<string, unknown>>(): T
}

/** Runs the CLI in process with captured output, in `cwd`. */
export async function cli(
  args: readonly string[],
  cwd: string,
  options: {
    env?: Record<string, string | undefined>
    home?: string
    shutdown?: Promise<string>
  } = {},
): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
    cwd,
    color: false,
    env: options.env ?? {},
    home: options.home ?? cwd,
    waitForShutdown: () => options.shutdown ?? new Promise<string>(() => undefined),
  }
  const code = await runCli(args, io)
  return { code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T }
}

/** A temporary folder with files written from a path -> content map; `cleanup` removes it. */
export async function scratch(files: Record<string, string | Uint8Array> = {}) {
  const root = await mkdtemp(join(tmpdir(), 'skillship-cli-'))
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return { root, cleanup: () => rm(root, { recursive: true, force: true }) }
}

/** SKILL.md text for a valid skill named `name`. */
export function validSkillMd(name: string, extra = ''): string {
  return `---\nname: ${name}\ndescription: "Does ${name} things. Use when ${name} is needed."\n${extra}---\n# ${name}\n\nSteps.\n`
}

/**
 * A real registry for a test file: `skillship server` in process on a free port, embedded SQLite
 * in `<dataDir>`, and a client holding an admin token made offline.
 */
export async function startTestRegistry(dataDir: string) {
  const config = parseServerConfig({
    env: { SKILLSHIP_LOG_LEVEL: 'silent' },
    flags: { data: dataDir, port: '0' },
  })
  const server = await startServer(config)
  const admin = await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })
  return { server, client: createRegistryClient({ registry: server.url, token: admin.token }) }
}
