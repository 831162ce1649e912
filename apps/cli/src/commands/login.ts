import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { configPath, readCliConfig, writeCliConfig } from '../config/cli-config.js'
import { normalizeRegistryUrl } from '../config/registry-target.js'
import { ExitCode } from '../exit-codes.js'
import { cliRegistryClient } from '../network/cli-registry-client.js'
import { parseCommandArgs } from '../parse-command-args.js'

const usage = `Usage: skillship login --registry URL --token TOKEN [--json]

Checks the token against the registry (GET /v1/whoami), then stores it for that registry in
~/.skillship/config.json (mode 0600; SKILLSHIP_HOME moves the folder) and makes the registry the
default for publish, info, search and install.`

export const loginCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values } = parseCommandArgs(args, {
    registry: { type: 'string' },
    token: { type: 'string' },
  })
  const token = values.token ?? io.env['SKILLSHIP_TOKEN']
  if (values.registry === undefined || token === undefined || token === '')
    throw usageError('login needs --registry and --token')
  const registry = normalizeRegistryUrl(values.registry)
  const who = await cliRegistryClient(io.env, registry, token).whoami()
  const path = configPath(io.env, io.home)
  const config = await readCliConfig(path)
  await writeCliConfig(path, {
    ...config,
    registry,
    tokens: { ...config.tokens, [registry]: token },
  })
  return {
    exitCode: ExitCode.Ok,
    data: { registry, tokenName: who.name, scopes: who.scopes, config: path },
    text: [`Logged in to ${registry} as ${who.name} (${who.scopes.join(', ')}); saved to ${path}`],
    errors: [],
  }
}
