import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** True under CI, where a missing tool fails its tests instead of skipping them. */
export const ci = process.env['CI'] !== undefined && !['', '0', 'false'].includes(process.env['CI'])

/** Whether `bin` runs (with `args`, `--version` by default). */
export function hasTool(bin: string, args: readonly string[] = ['--version']): boolean {
  const run = spawnSync(bin, args, { encoding: 'utf8' })
  return run.error === undefined && run.status === 0
}

/** Runs `bin` from the repository root and returns its status and combined output. */
export function run(bin: string, args: readonly string[], timeout = 60_000) {
  const result = spawnSync(bin, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout,
    maxBuffer: 64 << 20,
  })
  if (result.error) throw result.error
  return {
    status: result.status,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`,
  }
}
