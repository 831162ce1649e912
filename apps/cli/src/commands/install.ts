import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { InstallResult } from '@skillship/installer'
import type { UnchangedStamp } from '@skillship/installer/stamp'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { ExitCode } from '../exit-codes.js'
import { renderInstallResult } from '../output/render-install-result.js'
import { renderRepositorySkills } from '../output/render-repository-skills.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { takeSkillPicks } from './skill-picks.js'

const common = {
  global: { type: 'boolean', short: 'g' },
  registry: { type: 'string' },
} as const
const removeOptions = {
  ...common,
  'allow-root': { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const runtimeFlag = {
  'skip-runtimes': { type: 'boolean' },
  'allow-root': { type: 'boolean' },
} as const

const experimentFlag = { 'experiment-user': { type: 'string' } } as const

const installOptions = {
  ...common,
  ...runtimeFlag,
  ...experimentFlag,
  frozen: { type: 'boolean' },
  copy: { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const addOptions = {
  ...common,
  ...runtimeFlag,
  list: { type: 'boolean' },
  agent: { type: 'string' },
  copy: { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const updateOptions = {
  ...common,
  ...runtimeFlag,
  latest: { type: 'boolean' },
  force: { type: 'boolean' },
} as const
const syncOptions = {
  ...common,
  ...runtimeFlag,
  ...experimentFlag,
  'dry-run': { type: 'boolean' },
  force: { type: 'boolean' },
} as const

// `--experiment-user <id>`: a non-empty id, passed to the installer only when given.
function experimentUser(value: string | undefined): { experimentUser?: string } {
  if (value === undefined) return {}
  if (value.trim() === '') throw usageError('--experiment-user needs a user id')
  return { experimentUser: value }
}

// The installer and its dependencies load only when there is work: a frozen install with nothing
// to do is answered from the install stamp without them.
async function installer() {
  return import('@skillship/installer/commands')
}

async function optionsFor(
  io: CliIo,
  flags: { readonly global: boolean; readonly registry: string | undefined },
) {
  return (await import('../config/installer-options.js')).installerOptionsFor(io, flags)
}

function answer(result: InstallResult, io: CliIo, dryRun = false): CommandResult {
  return {
    exitCode: ExitCode.Ok,
    data: { ...result, dryRun },
    text: renderInstallResult(result, { color: io.color, dryRun }),
    errors: [],
  }
}

export const installCommand: Command = {
  usage: `Usage: skillship install [--frozen] [--copy] [--force] [--skip-runtimes] [--allow-root] [--experiment-user ID] [-g|--global] [--registry URL] [--json]

Installs what skillship.json asks for, as pinned by skillship.lock (resolving and locking what is new),
into every configured agent's skills folder, and gives each skill's scripts their own environment
(a venv per Python dependency set, node_modules per package.json; --skip-runtimes leaves them).
--frozen (CI) fails on any drift between skillship.json, skillship.lock and the store instead of
changing the lockfile. --experiment-user ID asks the registry which version of each registry skill
this user (or machine) is assigned by a running experiment and installs it, while skillship.lock
keeps the locked version. --force replaces placed folders you changed or that skillship did not
place, and installs skills whose only errors are spec violations (a description over 1,024
characters, unknown fields, a folder named unlike the skill) with a warning; it never overrides
an integrity, name, unsafe-content or audit refusal.

Every skill passes the audit gate under skillship.json's "audit" policy before anything is placed
(registry skills by the registry's stored verdict, others audited here; skillship.lock records
each verdict, so unchanged content is not scanned again). Blocked: INSTALL_AUDIT_BLOCKED, exit 5.
A version the registry has since judged block is refused even with --frozen. See docs/audit.md.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, installOptions)
    if (positionals.length > 0)
      throw usageError('install takes no skill names; use `skillship add <spec>`')
    const global = values.global === true
    const experiments = experimentUser(values['experiment-user'])
    // An experiment's assignment lives on the registry: the stamp cannot answer for it.
    if (
      values.frozen === true &&
      values.copy !== true &&
      values.force !== true &&
      experiments.experimentUser === undefined
    ) {
      const unchanged = await unchangedSinceLastInstall(
        io,
        global,
        values['skip-runtimes'] !== true,
      )
      if (unchanged && !needsVerdictCheck(unchanged.result, projectRootOf(io, global)))
        return answer(unchanged.result, io)
      if (unchanged) {
        // The registry may have re-judged a locked version as block since: the newer verdict wins.
        const { stampedVerdictOptions } = await import('../config/stamped-verdict-options.js')
        const { checkStampedVerdicts } = await import('@skillship/installer/stamped-verdicts')
        const options = await stampedVerdictOptions(io, global)
        const verdicts = await checkStampedVerdicts(options, unchanged.locked)
        if (verdicts) return answer({ ...unchanged.result, warnings: verdicts.warnings }, io)
      }
    }
    const options = await optionsFor(io, { global, registry: values.registry })
    return answer(
      await (await installer()).runInstall(options, {
        frozen: values.frozen === true,
        copy: values.copy === true,
        force: values.force === true,
        skipRuntimes: values['skip-runtimes'] === true,
        allowRoot: values['allow-root'] === true,
        ...experiments,
      }),
      io,
    )
  },
}

export const addCommand: Command = {
  usage: `Usage: skillship add <spec...> [--skill <name...>|'*'] [--list] [--agent a,b] [-g|--global] [--copy] [--force] [--skip-runtimes] [--registry URL] [--json]

Specs: name, name@^1.2, name@beta, file:./path, link:./path, ./skill.tgz, https://host/skill.zip,
git+https://host/repo.git#ref&path=skills/x, git+file:///repo#ref, and git repositories by
shorthand: owner/repo, github:owner/repo, gitlab:group/repo, https://host/owner/repo,
https://github.com/owner/repo/tree/<ref>/<dir>, https://gitlab.com/group/repo/-/tree/<ref>/<dir>
(each with #ref&path=dir). A path starts with ./, ../ or /; a registry name holds no '/'.
owner/repo goes to SKILLSHIP_GITHUB_BASE (default https://github.com; gitlab: to
SKILLSHIP_GITLAB_BASE), or gitHosts in ~/.skillship/config.json. Private repositories use git's
credential helpers and your SSH agent (git never prompts). A repository's skills are found at its
root SKILL.md, skills/*, .agents/skills/*, .claude/skills/* and in Claude Code plugin manifests:
--list shows them (installs nothing); --skill a b picks (each its own entry, pinned to the commit),
--skill '*' takes all; a repository of several skills needs --skill. Adds the specs to
skillship.json (git shorthands as the git+ URL they stand for), installs, and pins them in
skillship.lock. Agents: qoder, claude-code, codex, cursor, copilot, gemini, windsurf, opencode,
generic, or '*' for all. Without --agent, a new skillship.json gets the agents found in use (their
folders in the project or the home folder: .claude, .cursor, ...), else qoder; the output names
what was found. --force as for install: it also installs skills whose only errors are spec
violations (a description over 1,024 characters, unknown fields, a folder named unlike the skill),
with a warning; it never overrides an integrity, name or unsafe-content refusal.`,
  async run(args, io) {
    const picks = takeSkillPicks(args)
    const { values, positionals } = parseCommandArgs(picks.rest, addOptions)
    if (positionals.length === 0) throw usageError('add needs at least one skill spec')
    const options = await optionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    if (values.list === true) return listRepositories(options, positionals, picks.skills)
    const agents =
      typeof values.agent === 'string'
        ? values.agent
            .split(',')
            .map((a) => a.trim())
            .filter(Boolean)
        : undefined
    return answer(
      await (await installer()).addSkills(options, {
        specs: positionals,
        ...(agents ? { agents } : {}),
        ...(picks.skills === undefined ? {} : { skills: picks.skills }),
        copy: values.copy === true,
        force: values.force === true,
        skipRuntimes: values['skip-runtimes'] === true,
        allowRoot: values['allow-root'] === true,
      }),
      io,
    )
  },
}

// `add <repo...> --list`: what each repository holds; nothing is installed or written.
async function listRepositories(
  options: Awaited<ReturnType<typeof optionsFor>>,
  specs: readonly string[],
  picks: readonly string[] | undefined,
): Promise<CommandResult> {
  if (picks !== undefined) throw usageError('--list shows every skill; drop --skill')
  const { listRepositorySkills } = await installer()
  const repositories = []
  for (const spec of specs) repositories.push(await listRepositorySkills(options, spec))
  return {
    exitCode: ExitCode.Ok,
    data: { repositories },
    text: repositories.flatMap(renderRepositorySkills),
    errors: [],
  }
}

export const removeCommand: Command = {
  usage: `Usage: skillship remove <name...> [--force] [-g|--global] [--json]

Removes skills from skillship.json and skillship.lock and deletes what skillship placed for them.
A placed folder you changed stops it (INSTALL_LOCAL_CHANGES); --force deletes it all the same.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, removeOptions)
    if (positionals.length === 0) throw usageError('remove needs at least one skill name')
    const options = await optionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await (await installer()).removeSkills(options, positionals, {
        allowRoot: values['allow-root'] === true,
        force: values.force === true,
      }),
      io,
    )
  },
}

export const updateCommand: Command = {
  usage: `Usage: skillship update [name...] [--latest] [--force] [-g|--global] [--json]

Resolves skills again within their ranges (all, or the named ones); --latest moves registry skills to
^<latest> in skillship.json first. --force as for install: it replaces placed folders you changed.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, updateOptions)
    const options = await optionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await (await installer()).updateSkills(options, {
        names: positionals,
        latest: values.latest === true,
        force: values.force === true,
        skipRuntimes: values['skip-runtimes'] === true,
        allowRoot: values['allow-root'] === true,
      }),
      io,
    )
  },
}

export const syncCommand: Command = {
  usage: `Usage: skillship sync [--dry-run] [--force] [--experiment-user ID] [-g|--global] [--json]

Makes every configured agent folder match skillship.lock: places what is missing or changed, removes
only what skillship installed and is no longer locked. --json reports "changed" (0 = nothing to do),
so configuration tools can report changes truthfully. --experiment-user ID places the versions the
registry's running experiments assign this user (skillship.lock is not changed). --force as for
install: it replaces placed folders you changed.`,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, syncOptions)
    if (positionals.length > 0) throw usageError('sync takes no arguments')
    const dryRun = values['dry-run'] === true
    const experiments = experimentUser(values['experiment-user'])
    const options = await optionsFor(io, {
      global: values.global === true,
      registry: values.registry,
    })
    return answer(
      await (await installer()).runInstall(options, {
        lockOnly: true,
        dryRun,
        force: values.force === true,
        skipRuntimes: values['skip-runtimes'] === true,
        allowRoot: values['allow-root'] === true,
        ...experiments,
      }),
      io,
      dryRun,
    )
  },
}

// The stamp covers the content, skillship.json and skillship.lock; what it cannot see is the
// registry's current verdicts (any registry skill) and a policy file named by skillship.json.
// Those need the registry (checkStampedVerdicts, without the install lifecycle); anything else is
// answered from the stamp.
function needsVerdictCheck(stamped: InstallResult, projectRoot: string): boolean {
  if (stamped.skills.some((skill) => skill.source.type === 'registry')) return true
  const manifest = JSON.parse(readFileSync(join(projectRoot, 'skillship.json'), 'utf8')) as {
    audit?: { policy?: unknown }
  }
  const policy = manifest.audit?.policy
  return typeof policy === 'string' && !['strict', 'default', 'permissive'].includes(policy)
}

// The project folder, as installerOptionsFor computes it.
function projectRootOf(io: CliIo, global: boolean): string {
  const home = io.env['SKILLSHIP_HOME'] || join(io.home, '.skillship')
  return global ? join(home, 'global') : io.cwd
}

// Same folders as installerOptionsFor, computed without loading it (it pulls in the registry client).
// The stamp's copy of the lock entries is handed to the verdict check.
async function unchangedSinceLastInstall(
  io: CliIo,
  global: boolean,
  runtimes: boolean,
): Promise<{ result: InstallResult; locked: UnchangedStamp['locked'] } | undefined> {
  const { checkInstallStamp } = await import('@skillship/installer/stamp')
  const stamped = checkInstallStamp(projectRootOf(io, global), { runtimes })
  if (!stamped) return undefined
  return {
    result: {
      ...stamped.result,
      skills: stamped.result.skills as InstallResult['skills'],
      changed: 0,
      placed: [],
      removed: [],
      lockfileChanged: false,
      manifestChanged: false,
      warnings: [],
    },
    locked: stamped.locked,
  }
}
