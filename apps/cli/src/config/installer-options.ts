import { join } from 'node:path'
import type { InstallerOptions, InstallProgress } from '@skillship/installer'
import type { CliIo } from '../command.js'
import { cliRegistryClient } from '../network/cli-registry-client.js'
import { configPath, readCliConfig, skillshipHome } from './cli-config.js'
import { resolveRegistryTarget } from './registry-target.js'

/**
 * The installer's options for a command: the project (the current folder, or
 * `~/.skillship/global` with --global and user-scope agent folders), the store (`SKILLSHIP_STORE`
 * or `~/.skillship/store`), the default registry and a client per registry URL carrying the token
 * `skillship login` stored for it. Progress goes to stderr, and only on a TTY.
 */
export async function installerOptionsFor(
  io: CliIo,
  flags: { readonly global: boolean; readonly registry: string | undefined },
): Promise<InstallerOptions> {
  const home = skillshipHome(io.env, io.home)
  const config = await readCliConfig(configPath(io.env, io.home))
  const target = await resolveRegistryTarget(io, flags.registry, config)
  const envToken = io.env['SKILLSHIP_TOKEN']
  return {
    projectRoot: flags.global ? join(home, 'global') : io.cwd,
    scope: flags.global ? 'user' : 'project',
    home: io.home,
    env: io.env,
    storeRoot: io.env['SKILLSHIP_STORE'] || join(home, 'store'),
    envsRoot: io.env['SKILLSHIP_ENVS'] || join(home, 'envs'),
    skillshipHome: home,
    registry: target.registry,
    clientFor: (registry) => {
      const token = envToken || config.tokens?.[registry.replace(/\/+$/, '')]
      return cliRegistryClient(io.env, registry, token)
    },
    ...(io.stderr.isTTY
      ? { onProgress: (progress: InstallProgress) => showProgress(io, progress) }
      : {}),
  }
}

function showProgress(io: CliIo, progress: InstallProgress): void {
  const count = progress.total > 0 ? ` ${progress.done}/${progress.total}` : ''
  const detail = progress.detail === undefined ? '' : `: ${progress.detail.slice(0, 100)}`
  const line = `${progress.phase}${count} ${progress.name}${detail}`
  const last = progress.total > 0 && progress.done === progress.total
  io.stderr.write(`\r\u001b[2K${line}${last ? '\n' : ''}`)
}
