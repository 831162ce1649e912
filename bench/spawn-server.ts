import { type ChildProcess, spawn } from 'node:child_process'
import { waitForListening } from '../apps/server/test/wait-for-listening.js'

/** A server child process and the URL it printed. */
export interface SpawnedServer {
  readonly child: ChildProcess
  readonly url: string
  /** Everything the process printed so far. */
  output(): string
  stop(): Promise<void>
}

/** Starts `node ...args` and waits (bounded) for it to print `listening on <url>`. */
export async function spawnServer(
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<SpawnedServer> {
  const child = spawn(process.execPath, [...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const { url, output } = await waitForListening(child)
  return {
    child,
    url,
    output,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill('SIGTERM')
      }),
  }
}
