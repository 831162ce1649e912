import type { ExperimentDocument, RegistryClient } from '@skillship/registry-client'
import { unknownActionError, usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import {
  renderExperiment,
  renderExperimentLine,
  renderExperimentReport,
} from '../output/render-experiment.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { parseExperimentDefinition } from './parse-experiment-definition.js'

const usage = `Usage:
  skillship experiment create <key> --skill S --variant control=2.3.1 --variant b=3.0.0[:weight]
                              --metric success [--coverage 0.2] [--guardrail load_time_ms:lower]
                              [--seed X]                          define an A/B test (a draft)
  skillship experiment list [--skill S]        list experiments
  skillship experiment show <key>              per-arm users, metric means, lift with interval,
                                               chance to win, SRM p-value, guardrail state
  skillship experiment start <key>             start assigning users
  skillship experiment stop <key>              everyone gets control again
  skillship experiment promote <key> [--variant b]   move the variant (default: the winner) to latest
  skillship experiment rollback <key>          back to control, recorded as a rollback
Options: --registry URL, --json. Every action needs a token with publish scope on the skill
(listing every skill's experiments without --skill needs admin).`

const options = {
  registry: { type: 'string' },
  skill: { type: 'string' },
  variant: { type: 'string', multiple: true },
  metric: { type: 'string' },
  coverage: { type: 'string' },
  guardrail: { type: 'string', multiple: true },
  seed: { type: 'string' },
} as const

type Values = ReturnType<typeof parseCommandArgs<typeof options>>['values']

export const experimentCommand: Command = { usage, run }

const actions = ['create', 'list', 'ls', 'show', 'start', 'stop', 'promote', 'rollback']

const transitions = {
  start: (client: RegistryClient, key: string) => client.startExperiment(key),
  stop: (client: RegistryClient, key: string) => client.stopExperiment(key),
  rollback: (client: RegistryClient, key: string) => client.rollbackExperiment(key),
} as const

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, options)
  const [action, key, ...extra] = positionals
  if (action !== undefined && !actions.includes(action)) {
    throw unknownActionError('experiment', action, actions)
  }
  if (action === 'list' || action === 'ls') {
    if (key !== undefined) throw usageError('experiment list takes no key; use --skill')
    return list(io, values)
  }
  if (action === undefined || key === undefined || extra.length > 0) {
    throw usageError(
      'experiment needs create|show|start|stop|promote|rollback <key>, or list',
      'Run `skillship help experiment` for usage.',
    )
  }
  if (action === 'create') {
    const request = parseExperimentDefinition(key, values)
    const { client } = await openRegistry(io, values.registry, { needsToken: true })
    return documentAnswer(await client.createExperiment(request), `created ${key} (draft)`)
  }
  refuseCreateOptions(action, values)
  const { client } = await openRegistry(io, values.registry, { needsToken: true })
  if (action === 'show') return show(client, key, io.color)
  if (action === 'promote') {
    const promoted = await client.promoteExperiment(key, values.variant?.[0])
    return documentAnswer(promoted, `promoted ${key}`)
  }
  if (action === 'start' || action === 'stop' || action === 'rollback') {
    const past = { start: 'started', stop: 'stopped', rollback: 'rolled back' }[action]
    return documentAnswer(await transitions[action](client, key), `${past} ${key}`)
  }
  throw usageError(`Unknown experiment action '${action}'`)
}

async function show(client: RegistryClient, key: string, color: boolean): Promise<CommandResult> {
  const report = await client.experimentReport(key)
  return {
    exitCode: ExitCode.Ok,
    data: { ...report },
    text: renderExperimentReport(report, color),
    errors: [],
  }
}

async function list(io: CliIo, values: Values): Promise<CommandResult> {
  const { client } = await openRegistry(io, values.registry, { needsToken: true })
  const experiments = await client.listExperiments({ skill: values.skill })
  return {
    exitCode: ExitCode.Ok,
    data: { experiments },
    text: experiments.length === 0 ? ['no experiments'] : experiments.map(renderExperimentLine),
    errors: [],
  }
}

// Only create takes the definition options (and promote its one --variant).
function refuseCreateOptions(action: string, values: Values): void {
  const given: string[] = (['skill', 'metric', 'coverage', 'guardrail', 'seed'] as const).filter(
    (name) => values[name] !== undefined,
  )
  if (action !== 'promote' && values.variant !== undefined) given.push('variant')
  if (action === 'promote' && (values.variant?.length ?? 0) > 1) {
    throw usageError('promote takes one --variant')
  }
  if (given.length > 0) {
    throw usageError(`experiment ${action} does not take --${given.join(', --')}`)
  }
}

function documentAnswer(experiment: ExperimentDocument, summary: string): CommandResult {
  return {
    exitCode: ExitCode.Ok,
    data: { experiment },
    text: [summary, ...renderExperiment(experiment)],
    errors: [],
  }
}
