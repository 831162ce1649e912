// The only place that reads argv and the environment and sets the process exit code.
import { readFileSync } from 'node:fs'
import { usesProxy } from './network/uses-proxy.js'

/**
 * A writer to `stream` that drops what is written once the reader has gone (EPIPE: `skillship
 * doctor | head -2`). The rest of the output has nowhere to go, which is the reader's choice, not
 * a failure: the command still runs to its end (an install is never cut off halfway) and exits
 * with its own code, without a stack trace. Any other stream error is still thrown.
 */
function closableWriter(stream: NodeJS.WriteStream) {
  let closed = false
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error
    closed = true
  })
  return Object.assign(
    { write: (text: string | Uint8Array) => closed || stream.write(text) },
    stream.isTTY === undefined ? {} : { isTTY: stream.isTTY },
  )
}

async function main(argv: readonly string[]): Promise<number> {
  const stdout = closableWriter(process.stdout)
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-v')) {
    // Answered before any command module loads, so `skillship --version` costs only Node's start.
    const manifest = JSON.parse(
      readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
    ) as { version: string }
    stdout.write(`${manifest.version}\n`)
    return 0
  }
  // Loaded together: each awaited import alone is a round trip before the next starts. In the
  // built CLI, run-cli.js is a dispatcher that requires the command's own bundle
  // (scripts/bundle-cli.mjs).
  const [{ runCli }, { homedir }] = await Promise.all([import('./run-cli.js'), import('node:os')])
  const color =
    Boolean(process.stdout.isTTY) &&
    process.env['NO_COLOR'] === undefined &&
    process.env['TERM'] !== 'dumb'
  if (usesProxy(process.env)) {
    const { configureProxy } = await import('./network/configure-proxy.js')
    await configureProxy(process.env)
  }
  const waitForShutdown = () =>
    new Promise<string>((resolve) => {
      process.once('SIGTERM', () => resolve('SIGTERM'))
      process.once('SIGINT', () => resolve('SIGINT'))
    })
  return runCli(argv, {
    stdout,
    stderr: closableWriter(process.stderr),
    cwd: process.cwd(),
    color,
    env: process.env,
    home: homedir(),
    waitForShutdown,
  })
}

// runCli turns every error into a coded result; what escapes it is a bug, printed whole (exit 1).
main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    process.stderr.write(`skillship: internal error: ${(error as Error)?.stack ?? String(error)}\n`)
    process.exitCode = 1
  },
)
