import { parseArgs } from 'node:util'
import { addSkills, removeSkills, runInstall, updateSkills } from '@skillship/installer'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { installerOptionsFor } from '../config/installer-options.js'
import { ExitCode } from '../exit-codes.js'
import { renderInstallResult } from '../output/render-install-result.js'
import { jsonOption, withUsageErrors } from '../parse-command-args.js'

const common = {
  ...jsonOption,
  global: { type: 'boolean', short: 'g' },
  registry: { type: 'string' },
} as const

const installOptions = {
  ...common,
  frozen: { type: 'boolean' },
  copy: { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const addOptions = {
  ...common,
  agent: { type: 'string' },
  copy: { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const updateOptions = { ...common, latest: { type: 'boolean' } } as const
const syncOptions = { ...common, 'dry-run': { type: 'boolean' } } as const

function parse<const O extends typeof common>(args: readonly string[], options: O) {
  return withUsageErrors(() =>
    parseArgs({ args: [...args], allowPositionals: true, strict: true, options }),
  )
}

function answer(
  result: Awaited<ReturnType<typeof runInstall>>,
  io: CliIo,
  dryRun = false,
): CommandResult {
  return {
    exitCode: ExitCode.Ok,
    data: { ...result, dryRun },
    text: renderInstallResult(result, { color: io.color, dryRun }),
    errors: [],
  }
}

export const installCommand: Command = {
  usage: `Usage: skillship install [--frozen] [--copy] [--force] [-g|--global] [--registry URL] [--json]

Installs what skillship.json asks for, as pinned by skillship.lock (resolving and locking what is new),
into every configured agent's skills folder. --frozen (CI) fails on any drift between skillship.json,
skillship.lock and the store instead of changing the lockfile.`,
  async run(args, io) {
    const { values, positionals } = parse(args, installOptions)
    if (positionals.length > 0)
      throw usageError('install takes no skill names; use `skillship add <spec>`')
    const options = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await runInstall(options, {
        frozen: values.frozen === true,
        copy: values.copy === true,
        force: values.force === true,
      }),
      io,
    )
  },
}

export const addCommand: Command = {
  usage: `Usage: skillship add <spec...> [--agent a,b] [-g|--global] [--copy] [--force] [--registry URL] [--json]

Specs: name, name@^1.2, name@beta, file:./path, link:./path, ./skill.tgz, https://host/skill.zip,
git+https://host/repo.git#ref&path=skills/x, git+file:///repo#ref. Adds them to skillship.json,
installs, and pins them in skillship.lock. Agents: qoder, claude-code, codex, cursor, copilot,
gemini, windsurf, opencode, generic.`,
  async run(args, io) {
    const { values, positionals } = parse(args, addOptions)
    if (positionals.length === 0) throw usageError('add needs at least one skill spec')
    const agents =
      typeof values.agent === 'string'
        ? values.agent
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : undefined
    const options = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await addSkills(options, {
        specs: positionals,
        ...(agents ? { agents } : {}),
        copy: values.copy === true,
        force: values.force === true,
      }),
      io,
    )
  },
}

export const removeCommand: Command = {
  usage: `Usage: skillship remove <name...> [-g|--global] [--json]

Removes skills from skillship.json and skillship.lock and deletes what skillship placed for them.`,
  async run(args, io) {
    const { values, positionals } = parse(args, common)
    if (positionals.length === 0) throw usageError('remove needs at least one skill name')
    const options = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(await removeSkills(options, positionals), io)
  },
}

export const updateCommand: Command = {
  usage: `Usage: skillship update [name...] [--latest] [-g|--global] [--json]

Resolves skills again within their ranges (all, or the named ones); --latest moves registry skills to
^<latest> in skillship.json first.`,
  async run(args, io) {
    const { values, positionals } = parse(args, updateOptions)
    const options = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await updateSkills(options, { names: positionals, latest: values.latest === true }),
      io,
    )
  },
}

export const syncCommand: Command = {
  usage: `Usage: skillship sync [--dry-run] [-g|--global] [--json]

Makes every configured agent folder match skillship.lock: places what is missing or changed, removes
only what skillship installed and is no longer locked. --json reports "changed" (0 = nothing to do),
so configuration tools can report changes truthfully.`,
  async run(args, io) {
    const { values, positionals } = parse(args, syncOptions)
    if (positionals.length > 0) throw usageError('sync takes no arguments')
    const dryRun = values['dry-run'] === true
    const options = await installerOptionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(await runInstall(options, { lockOnly: true, dryRun }), io, dryRun)
  },
}
