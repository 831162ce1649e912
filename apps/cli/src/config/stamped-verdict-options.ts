import { join } from 'node:path'
import type { StampedVerdictOptions } from '@skillship/installer/stamped-verdicts'
import type { CliIo } from '../command.js'
import { configPath, readCliConfig, skillshipHome } from './cli-config.js'
import { registryOptionsFor } from './registry-options-for.js'

/**
 * The options of a no-op `install --frozen`'s verdict check: the project folder, as
 * installerOptionsFor computes it, and the registries' tokens and transport
 * (registryOptionsFor), without loading the registry client installerOptionsFor builds.
 */
export async function stampedVerdictOptions(
  io: CliIo,
  global: boolean,
): Promise<StampedVerdictOptions> {
  const config = await readCliConfig(configPath(io.env, io.home))
  const home = skillshipHome(io.env, io.home)
  return {
    projectRoot: global ? join(home, 'global') : io.cwd,
    registryOptionsFor: registryOptionsFor(io, config),
  }
}
