import { isSkillshipError } from '@skillship/core/errors'
import { CliErrorCode, usageError } from './cli-error-codes.js'
import type { CliIo, Command, CommandResult } from './command.js'
import { didYouMean } from './did-you-mean.js'
import { ExitCode, exitCodeFor } from './exit-codes.js'
import { printResult } from './output/print-result.js'
import { unknownOptionError } from './parse-command-args.js'

// Lazy so that each run loads only the command it needs.
const commands: Readonly<Record<string, () => Promise<Command>>> = {
  lint: async () => (await import('./commands/lint.js')).lintCommand,
  audit: async () => (await import('./commands/audit.js')).auditCommand,
  pack: async () => (await import('./commands/pack.js')).packCommand,
  server: async () => (await import('./commands/server.js')).serverCommand,
  login: async () => (await import('./commands/login.js')).loginCommand,
  publish: async () => (await import('./commands/publish.js')).publishCommand,
  info: async () => (await import('./commands/info.js')).infoCommand,
  search: async () => (await import('./commands/search.js')).searchCommand,
  'dist-tag': async () => (await import('./commands/dist-tag.js')).distTagCommand,
  deprecate: async () => (await import('./commands/deprecate.js')).deprecateCommand,
  yank: async () => (await import('./commands/yank.js')).yankCommand,
  add: async () => (await import('./commands/install.js')).addCommand,
  install: async () => (await import('./commands/install.js')).installCommand,
  i: async () => (await import('./commands/install.js')).installCommand,
  remove: async () => (await import('./commands/install.js')).removeCommand,
  rm: async () => (await import('./commands/install.js')).removeCommand,
  uninstall: async () => (await import('./commands/install.js')).removeCommand,
  update: async () => (await import('./commands/install.js')).updateCommand,
  sync: async () => (await import('./commands/install.js')).syncCommand,
  list: async () => (await import('./commands/list.js')).listCommand,
  ls: async () => (await import('./commands/list.js')).listCommand,
  outdated: async () => (await import('./commands/list.js')).outdatedCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
  run: async () => (await import('./commands/run.js')).runCommand,
  read: async () => (await import('./commands/read.js')).readCommand,
  init: async () => (await import('./commands/init.js')).initCommand,
  gc: async () => (await import('./commands/gc.js')).gcCommand,
  experiment: async () => (await import('./commands/experiment.js')).experimentCommand,
  keys: async () => (await import('./commands/keys.js')).keysCommand,
  verify: async () => (await import('./commands/verify.js')).verifyCommand,
}

const overview = `skillship: the production platform for Agent Skills

Usage: skillship <command> [options]

Commands:
  init <name>            create a skill from a template (--script python|node)
  lint [paths...]        validate skills (folders, SKILL.md files, .tgz/.zip archives)
  audit [paths...]       audit what skills say and do (--policy, --format text|json|sarif)
  pack <dir>             pack a skill into a deterministic .tgz with sha512 integrity
  server                 run the registry (SQLite embedded, or PostgreSQL via DATABASE_URL)
  login                  store a registry token (mode 0600)
  publish [dir|tgz]      lint, pack and publish a skill
  info <name>[@range]    show a skill from the registry
  search [query]         find skills in the registry
  dist-tag add|rm|ls     manage dist-tags
  deprecate <name@ver>   deprecate a version with a message
  yank <name@ver>        hide a version from range resolution
  add <spec...>          add skills to skillship.json and install them
  install [--frozen]     install skillship.json as pinned by skillship.lock (alias: i)
  remove <name...>       remove skills and what skillship placed for them (rm, uninstall)
  update [name...]       resolve again within ranges (--latest: move to latest)
  outdated               show skills with newer versions
  list                   show installed skills and where they are (alias: ls)
  sync [--dry-run]       make agent folders match skillship.lock
  doctor                 check runtimes, permissions, leftovers, links and envs
  run <skill> <script>   run a skill's script with its own environment (venv, node_modules)
  read <name>            print an installed skill's SKILL.md (for agents without skill support)
  gc [--yes]             remove store entries and environments no project uses
  experiment <action>    A/B tests across versions: create|list|show|start|stop|promote|rollback
  keys <action>          publisher keys for signed skills: generate|show|add|list|revoke
  verify [name...]       check installed skills against the lock and their signatures
  help [command]         show help for a command

Every command takes --json (one JSON object on stdout) and --help.
Exit codes: 0 ok, 1 failed on its input, 2 usage, 3 unreachable, 4 not found, 5 integrity/security.`

/**
 * Runs one command line and returns the process exit code. Never calls process.exit; every
 * error becomes a coded entry in the output.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv
  const json = rest.includes('--json')
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    return showHelp(rest[0], io, json)
  }
  if (name.startsWith('-')) return printResult(leadingOption(name), { io, json })
  const load = Object.hasOwn(commands, name) ? commands[name] : undefined
  if (!load) return printResult(unknownCommand(name), { io, json })
  const command = await load()
  const own = command.passThroughArgs === true ? leadingOptions(rest) : rest
  const ownJson = own.includes('--json')
  if (own.includes('--help') || own.includes('-h')) return printUsage(command.usage, io, ownJson)
  try {
    return printResult(await command.run(rest, io), { io, json: ownJson })
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    return printResult(failure(error.code, error.message, error.hint, error.path), {
      io,
      json: ownJson,
    })
  }
}

// The options before the first positional (`run -g --json skill script --json` -> `-g --json`).
function leadingOptions(args: readonly string[]): readonly string[] {
  const first = args.findIndex((arg) => !arg.startsWith('-'))
  return first === -1 ? args : args.slice(0, first)
}

async function showHelp(topic: string | undefined, io: CliIo, json: boolean): Promise<number> {
  if (topic === undefined || topic.startsWith('-')) return printUsage(overview, io, json)
  const load = Object.hasOwn(commands, topic) ? commands[topic] : undefined
  if (!load) return printResult(unknownCommand(topic), { io, json })
  return printUsage((await load()).usage, io, json)
}

// Help as text, or with --json as `{ "ok": true, "usage": "...", "errors": [] }` like every command.
function printUsage(usage: string, io: CliIo, json: boolean): number {
  return printResult(
    { exitCode: ExitCode.Ok, data: { usage }, text: [usage], errors: [] },
    { io, json },
  )
}

// CLI_UNKNOWN_COMMAND (exit 2), its hint naming the closest command.
function unknownCommand(name: string): CommandResult {
  return failure(
    CliErrorCode.UnknownCommand,
    `Unknown command '${name}'`,
    `${didYouMean(name, [...Object.keys(commands), 'help'])}Run \`skillship help\` to list the commands.`,
  )
}

// An option where the command belongs (`skillship --versoin`, `skillship --json list`): only
// --version and --help stand alone; every other option goes after its command.
function leadingOption(option: string): CommandResult {
  const error =
    option === '--json'
      ? usageError("'--json' goes after the command", 'Run `skillship <command> --json`.')
      : unknownOptionError(option, ['--version', '-v'])
  return failure(error.code, error.message, error.hint)
}

function failure(code: string, message: string, hint?: string, path?: string): CommandResult {
  return {
    exitCode: exitCodeFor(code),
    data: {},
    text: [],
    errors: [
      {
        code,
        message,
        ...(hint === undefined ? {} : { hint }),
        ...(path === undefined ? {} : { path }),
      },
    ],
  }
}
