import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { waitForListening } from './wait-for-listening.js'

/** A `skillship server` child process run from the TypeScript sources. */
export interface CliServer {
  readonly child: ChildProcess
  readonly url: string
  /** Everything it printed so far. */
  output(): string
  /** SIGTERM, then waits for the exit. */
  stop(): Promise<void>
}

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/**
 * Starts `skillship server ...args` as a real process, from the sources (tsx, `skillship-source`
 * conditions: the CLI bundle may be older than the code under test), and waits (bounded) for its
 * `listening on <url>` line.
 */
export async function spawnCliServer(
  args: readonly string[],
  env: Record<string, string>,
): Promise<CliServer> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=skillship-source', 'apps/cli/src/main.ts', 'server', ...args],
    { cwd: repoRoot, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const { url, output } = await waitForListening(child)
  return {
    child,
    url,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve()
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
