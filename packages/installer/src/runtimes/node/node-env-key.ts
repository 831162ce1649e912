import { createHash } from 'node:crypto'
import { compareText } from '@skillship/core/plain-data'

/** What identifies a Node environment. */
export interface NodeEnvKeyInput {
  readonly dependencies: Readonly<Record<string, string>>
  /** The bytes of the skill's lockfile, if it has one. */
  readonly lockfile: Uint8Array | undefined
  readonly allowScripts: boolean
  /** The running Node's version (`process.versions.node`). */
  readonly nodeVersion: string
}

// Bump when the layout of an environment changes, so that old ones are never reused.
const layoutVersion = 'skillship-node-env/1'

/**
 * The first 32 hex characters of a SHA-256 over the layout version, platform and architecture,
 * Node's major version (native addons are built per ABI), the dependencies sorted by name, the
 * lockfile's bytes and the allowScripts flag. Equal inputs share one environment.
 */
export function nodeEnvKey(input: NodeEnvKeyInput): string {
  const dependencies = Object.entries(input.dependencies)
    .map(([name, spec]) => [name, spec.trim()])
    .sort(([a = ''], [b = '']) => compareText(a, b))
  const lockfile =
    input.lockfile === undefined ? null : createHash('sha256').update(input.lockfile).digest('hex')
  const identity = JSON.stringify({
    layout: layoutVersion,
    platform: process.platform,
    arch: process.arch,
    nodeMajor: input.nodeVersion.split('.')[0],
    dependencies,
    lockfile,
    allowScripts: input.allowScripts,
  })
  return createHash('sha256').update(identity).digest('hex').slice(0, 32)
}
