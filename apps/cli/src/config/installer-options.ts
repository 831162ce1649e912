import { join } from 'node:path'
import type { InstallerOptions } from '@skillship/installer'
import { createRegistryClient } from '@skillship/registry-client/client'
import type { CliIo } from '../command.js'
import { progressReporter } from '../output/progress.js'
import { configPath, readCliConfig, skillshipHome } from './cli-config.js'
import { gitHostsFor } from './git-hosts.js'
import { registryOptionsFor } from './registry-options-for.js'
import { resolveRegistryTarget } from './registry-target.js'

/**
 * The installer's options for a command: the project (the current folder, or
 * `~/.skillship/global` with --global and user-scope agent folders), the store (`SKILLSHIP_STORE`
 * or `~/.skillship/store`), the default registry and a client per registry URL carrying the token
 * `skillship login` stored for it, and the hosts of the repository shorthands (config/git-hosts.ts).
 * Progress goes to stderr (output/progress.ts).
 */
export async function installerOptionsFor(
  io: CliIo,
  flags: { readonly global: boolean; readonly registry: string | undefined },
): Promise<InstallerOptions> {
  const home = skillshipHome(io.env, io.home)
  const file = configPath(io.env, io.home)
  const config = await readCliConfig(file)
  const target = await resolveRegistryTarget(io, flags.registry, config)
  const optionsFor = registryOptionsFor(io, config)
  return {
    projectRoot: flags.global ? join(home, 'global') : io.cwd,
    scope: flags.global ? 'user' : 'project',
    home: io.home,
    env: io.env,
    storeRoot: io.env['SKILLSHIP_STORE'] || join(home, 'store'),
    envsRoot: io.env['SKILLSHIP_ENVS'] || join(home, 'envs'),
    skillshipHome: home,
    registry: target.registry,
    clientFor: (registry) => createRegistryClient(optionsFor(registry)),
    onProgress: progressReporter(io),
    gitHosts: gitHostsFor(io.env, config, file),
  }
}
