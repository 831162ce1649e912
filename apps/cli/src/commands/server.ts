import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { CliErrorCode, usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { didYouMean } from '../did-you-mean.js'
import { ExitCode } from '../exit-codes.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage:
  skillship server [--data DIR] [--port N] [--host H] [--examples DIR]
  skillship server token create --scope S [--scope S...] [--name N] [--data DIR] [--quiet]
  skillship server token list [--data DIR]
  skillship server audit [--all] [--data DIR] [--json]
  skillship server sign [--data DIR] [--json]
  skillship server keys rotate [--at TIME] [--data DIR] [--json]

Runs the registry: embedded SQLite + blob files in DIR (default ~/.skillship/server), or
PostgreSQL when DATABASE_URL is set. Defaults: port 7464, host 127.0.0.1. Environment:
SKILLSHIP_DATA, SKILLSHIP_PORT, SKILLSHIP_HOST, DATABASE_URL, SKILLSHIP_MAX_UPLOAD_BYTES,
SKILLSHIP_LOG_LEVEL, SKILLSHIP_SHUTDOWN_TIMEOUT_MS, SKILLSHIP_CACHE_MAX_BYTES,
SKILLSHIP_WARMUP_SKILLS, SKILLSHIP_KEEP_ALIVE_TIMEOUT_MS, SKILLSHIP_HEADERS_TIMEOUT_MS,
SKILLSHIP_METRICS_PREFIX, SKILLSHIP_ACCESS_LOG_SAMPLE, SKILLSHIP_BLOB_GC_INTERVAL_MS,
SKILLSHIP_BLOB_GC_GRACE_MS, SKILLSHIP_TRUST_PROXY, SKILLSHIP_STATS_FLUSH_MS, SKILLSHIP_STATS_BUFFER_ENTRIES,
SKILLSHIP_STATS_RETENTION_DAYS, SKILLSHIP_AUDIT_POLICY (strict|default|permissive|FILE),
SKILLSHIP_AUDIT_RULES (a site-rules file), SKILLSHIP_AUDIT_WORKERS, SKILLSHIP_AUDIT_QUEUE
(docs/audit.md), SKILLSHIP_HEALTH_PORT (a second listener for /livez and /readyz on a thread of
its own, off by default) and SKILLSHIP_HEALTH_STALE_MS (default 10000: its /livez fails once the
main event loop has been stuck that long). Every upload is audited; a blocked one is refused (422).
\`server audit\` re-judges stored versions audited by another rule pack (every one with --all)
under the same settings; a version that turns blocked is withheld from ranges, latest, loads
and MCP; each new verdict is signed again by the registry key. \`server sign\` signs every stored
version that has no registry signature yet (published before the registry signed) with the
current key; running it again signs nothing. \`server keys rotate\` adds a new registry key valid
from --at (default now) to the keyring file and ends the current key's window there; old
signatures keep verifying (docs/signing.md, "Rotation"). With SQLite, restart a running server
afterwards. --examples publishes every skill of DIR
that is not published yet. Serves /livez, /readyz and /metrics (docs/metrics.md), and the web
console at / (docs/console.md): sign in there with a token.
SIGTERM or SIGINT: /readyz turns 503, new connections are refused, in-flight requests finish,
then storage closes, all within SKILLSHIP_SHUTDOWN_TIMEOUT_MS (default 10 s). The same signal
again stops at once.
Token scopes: admin, read:<glob>, publish:<glob>, events:<glob> (posts experiment events only).
The secret is printed once; --quiet prints only the secret, for
TOKEN=$(skillship server token create --scope admin --quiet).`

export const serverCommand: Command = {
  usage,
  async run(args, io) {
    try {
      return await run(args, io)
    } catch (error) {
      if (sqliteDriverMissing(error)) throw sqliteUnavailable(error)
      throw error
    }
  },
}

/**
 * Whether `error`, or an error it was caused by, says the better-sqlite3 driver is absent: the
 * package is not installed (Node's MODULE_NOT_FOUND / ERR_MODULE_NOT_FOUND naming it) or its
 * native addon was never built (`bindings` finds no file, or dlopen fails on it).
 */
export function sqliteDriverMissing(error: unknown): boolean {
  let current: unknown = error
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    const code = (current as NodeJS.ErrnoException).code
    const { message } = current
    if (
      ((code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') &&
        /['"]better-sqlite3['"/]/.test(message)) ||
      message.includes('Could not locate the bindings file') ||
      (code === 'ERR_DLOPEN_FAILED' && message.includes('better_sqlite3'))
    ) {
      return true
    }
    current = current.cause
  }
  return false
}

function sqliteUnavailable(cause: unknown): SkillshipError {
  return new SkillshipError(
    CliErrorCode.SqliteUnavailable,
    'The embedded registry needs the SQLite driver better-sqlite3, which is not installed',
    {
      hint: 'Install it beside skillship (`npm install -g better-sqlite3`, needs a C++ toolchain when no prebuilt binary fits), or set DATABASE_URL to use PostgreSQL, or run the container image.',
      cause,
    },
  )
}

const options = {
  data: { type: 'string' },
  port: { type: 'string' },
  host: { type: 'string' },
  examples: { type: 'string' },
  scope: { type: 'string', multiple: true },
  name: { type: 'string' },
  quiet: { type: 'boolean' },
  all: { type: 'boolean' },
  at: { type: 'string' },
} as const

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, options)
  const server = await import('@skillship/server')
  const flags = {
    ...(values.data === undefined ? {} : { data: resolve(io.cwd, values.data) }),
    ...(values.port === undefined ? {} : { port: values.port }),
    ...(values.host === undefined ? {} : { host: values.host }),
  }
  const config = server.parseServerConfig({ env: io.env, flags, homeDir: io.home })
  const [group, action] = positionals
  if (group === undefined)
    return serve(
      server,
      config,
      values.examples === undefined ? undefined : resolve(io.cwd, values.examples),
      io,
    )
  if (group === 'token' && (action === 'create' || action === 'list') && positionals.length === 2)
    return token(server, config, action, values)
  if (group === 'audit' && positionals.length === 1)
    return reaudit(server, config, values.all === true, io)
  if (group === 'sign' && positionals.length === 1) return sign(server, config, io)
  if (group === 'keys' && action === 'rotate' && positionals.length === 2)
    return rotate(server, config, values.at)
  const line = positionals.join(' ')
  throw usageError(
    `Unknown server subcommand '${line}'`,
    `${didYouMean(line, subcommands)}Run \`skillship server --help\`.`,
  )
}

const subcommands = ['token create', 'token list', 'audit', 'sign', 'keys rotate']

async function token(
  server: typeof import('@skillship/server'),
  config: ReturnType<typeof server.parseServerConfig>,
  action: 'create' | 'list',
  values: { name?: string | undefined; scope?: string[] | undefined; quiet?: boolean | undefined },
): Promise<CommandResult> {
  if (action === 'create') {
    const created = await server.createTokenOffline(config, {
      name: values.name ?? 'admin',
      scopes: values.scope ?? [],
    })
    return {
      exitCode: ExitCode.Ok,
      data: { ...created },
      text: values.quiet
        ? [created.token]
        : [
            `created token '${created.name}' (${created.scopes.join(', ')}), id ${created.id}`,
            created.token,
            'Store it now: it is not shown again.',
          ],
      errors: [],
    }
  }
  const tokens = await server.listTokensOffline(config)
  return {
    exitCode: ExitCode.Ok,
    data: { tokens },
    text: tokens.map((t) => `${t.id}  ${t.name}  ${t.scopes.join(' ')}  ${t.createdAt}`),
    errors: [],
  }
}

async function reaudit(
  server: typeof import('@skillship/server'),
  config: ReturnType<typeof server.parseServerConfig>,
  all: boolean,
  io: CliIo,
): Promise<CommandResult> {
  const result = await server.reauditOffline(config, {
    all,
    onStep: (step) =>
      io.stderr.write(
        `[${step.done}/${step.total}] ${step.name}@${step.version}: ${step.before} -> ${step.verdict}\n`,
      ),
  })
  const { verdicts } = result
  return {
    exitCode: result.failed.length === 0 ? ExitCode.Ok : ExitCode.Failed,
    data: { ...result },
    text: [
      `rule pack ${result.rulePack}: re-judged ${result.rejudged} of ${result.versions} versions (${verdicts.pass} pass, ${verdicts.warn} warn, ${verdicts.block} block)`,
      ...result.withheld.map((v) => `withheld ${v} (blocked)`),
      ...result.released.map((v) => `released ${v} (no longer blocked)`),
      ...(result.storage === 'sqlite' && result.rejudged > 0
        ? ['Restart a running embedded server so that its caches see the new verdicts.']
        : []),
    ],
    errors: result.failed.map((f) => ({
      code: f.code,
      message: `${f.version} was not re-judged: ${f.message}`,
    })),
  }
}

async function sign(
  server: typeof import('@skillship/server'),
  config: ReturnType<typeof server.parseServerConfig>,
  io: CliIo,
): Promise<CommandResult> {
  const result = await server.signOffline(config, {
    onStep: (step) =>
      io.stderr.write(`[${step.done}/${step.total}] ${step.name}@${step.version}: signed\n`),
  })
  return {
    exitCode: ExitCode.Ok,
    data: { ...result },
    text: [
      `signed ${result.signed.length} of ${result.unsigned} unsigned versions (${result.versions} stored)`,
      ...result.skipped.map((v) => `skipped ${v} (signed or re-audited meanwhile)`),
      ...(result.storage === 'sqlite' && result.signed.length > 0
        ? ['Restart a running embedded server so that its caches see the signatures.']
        : []),
    ],
    errors: [],
  }
}

async function rotate(
  server: typeof import('@skillship/server'),
  config: ReturnType<typeof server.parseServerConfig>,
  at: string | undefined,
): Promise<CommandResult> {
  const when = at === undefined ? new Date() : new Date(at)
  if (Number.isNaN(when.getTime()))
    throw usageError(
      `--at '${at}' is not a time`,
      'Give an ISO 8601 time, e.g. 2027-01-01T00:00:00Z.',
    )
  const result = await server.rotateRegistryKeys(config, when)
  return {
    exitCode: ExitCode.Ok,
    data: { ...result },
    text: [
      `added registry key ${result.added.keyId}, valid from ${result.added.validFrom}`,
      ...result.closed.map((key) => `closed ${key.keyId}: valid until ${key.validUntil}`),
      `in ${result.file}; restart every server that reads it (signatures by older keys keep verifying)`,
    ],
    errors: [],
  }
}

async function serve(
  server: typeof import('@skillship/server'),
  config: ReturnType<typeof server.parseServerConfig>,
  examples: string | undefined,
  io: CliIo,
): Promise<CommandResult> {
  // Listening for signals before starting: a SIGTERM during start-up (migrations, warm-up) lets
  // the start finish and stops right after, instead of killing the process halfway.
  const shutdown = io.waitForShutdown()
  const running = await server.startServer(config, {
    version: await cliVersion(),
    ...(examples === undefined ? {} : { examplesDir: examples }),
  })
  io.stderr.write(`skillship registry listening on ${running.url} (${running.storage})\n`)
  if (running.healthUrl !== undefined)
    io.stderr.write(`health probes (/livez, /readyz) on ${running.healthUrl}\n`)
  const signal = await shutdown
  io.stderr.write(`${signal}: draining, at most ${config.shutdownTimeoutMs} ms\n`)
  await running.close()
  return {
    exitCode: ExitCode.Ok,
    data: { url: running.url, healthUrl: running.healthUrl, stoppedBy: signal },
    text: [`stopped (${signal})`],
    errors: [],
  }
}

// The version for the build_info metric: apps/cli/package.json, one folder up from the server's
// bundle (apps/cli/bundle/server.js) or two from this source file (apps/cli/src/commands/, tsx).
async function cliVersion(): Promise<string> {
  for (const candidate of ['../package.json', '../../package.json']) {
    try {
      const manifest = JSON.parse(await readFile(new URL(candidate, import.meta.url), 'utf8')) as {
        name?: string
        version?: string
      }
      // '@skillship/cli' in the repository, 'skillship' in the packed CLI (scripts/pack-cli.mjs).
      const ours = manifest.name === '@skillship/cli' || manifest.name === 'skillship'
      if (ours && manifest.version !== undefined) {
        return manifest.version
      }
    } catch (error) {
      if (errnoCode(error) !== 'ENOENT') throw error
    }
  }
  return 'unknown'
}
