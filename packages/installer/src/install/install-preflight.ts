import type { WriteTarget } from '../permissions/preflight-writable.js'
import { preflightWritable } from '../permissions/preflight-writable.js'
import type { AgentPlacement } from './agent-placements.js'
import type { InstallRequest } from './install-request.js'
import type { InstallerOptions } from './installer-options.js'

/** Every folder an install writes into: the agent folders and the store. */
export function writeTargets(
  placements: readonly AgentPlacement[],
  options: InstallerOptions,
): WriteTarget[] {
  return [
    ...placements.map((placement) => ({
      path: placement.skillsDir,
      role: 'agent folder' as const,
    })),
    { path: options.storeRoot, role: 'store' as const },
  ]
}

/**
 * Every folder the install writes into must be writable by this user before anything is written
 * (process.getuid is absent on Windows, where ownership works differently). A dry run writes
 * nothing and checks nothing.
 */
export async function preflight(
  options: InstallerOptions,
  request: Pick<InstallRequest, 'dryRun' | 'allowRoot'>,
  targets: readonly WriteTarget[],
): Promise<{ warnings: string[] }> {
  if (request.dryRun === true || process.getuid === undefined) return { warnings: [] }
  return preflightWritable(targets, {
    uid: process.getuid(),
    allowRoot: request.allowRoot === true,
    home: options.home,
  })
}
