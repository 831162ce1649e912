import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import type { InstalledPackage } from './node-env.js'

/** The file that marks a finished environment; written last, so its presence means complete. */
export const nodeEnvMarkerName = 'skillship-env.json'

/** The marker's content. */
export interface NodeEnvMarker {
  readonly kind: 'node'
  /** Must equal the environment folder's name. */
  readonly key: string
  readonly node: string
  readonly allowScripts: boolean
  readonly dependencies: Readonly<Record<string, string>>
  /** The skill's lockfile (skill-relative) the environment was built from, or null. */
  readonly lockfile: string | null
  readonly packages: readonly InstalledPackage[]
  readonly createdAt: string
}

/** Writes the marker into `envDir`. */
export async function writeNodeEnvMarker(envDir: string, marker: NodeEnvMarker): Promise<void> {
  await writeFile(join(envDir, nodeEnvMarkerName), `${JSON.stringify(marker, null, 2)}\n`)
}

/**
 * Reads the marker of `envDir`: the marker, or what is wrong with it (missing, unreadable).
 */
export async function readNodeEnvMarker(
  envDir: string,
): Promise<{ readonly marker: NodeEnvMarker } | { readonly problem: string }> {
  let text: string
  try {
    text = await readFile(join(envDir, nodeEnvMarkerName), 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return { problem: 'its marker is missing' }
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // The problem is reported as the result: a damaged marker is a corrupt environment.
    return { problem: 'its marker is not valid JSON' }
  }
  return isMarker(value)
    ? { marker: value }
    : { problem: 'its marker is not a Node environment marker' }
}

function isMarker(value: unknown): value is NodeEnvMarker {
  if (typeof value !== 'object' || value === null) return false
  const marker = value as Record<string, unknown>
  return (
    marker['kind'] === 'node' &&
    typeof marker['key'] === 'string' &&
    typeof marker['dependencies'] === 'object' &&
    marker['dependencies'] !== null &&
    Array.isArray(marker['packages'])
  )
}
