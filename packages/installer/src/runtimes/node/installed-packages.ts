import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import type { InstalledPackage } from './node-env.js'

const prefix = 'node_modules/'

/**
 * The packages npm installed, from the hidden lockfile `node_modules/.package-lock.json` (written
 * by npm 7+ on every install), in its order. Links (`link: true`) are not packages of their own.
 * Undefined when the file is missing; a file that is not npm's format throws.
 */
export async function readInstalledPackages(
  nodeModules: string,
): Promise<InstalledPackage[] | undefined> {
  let text: string
  try {
    text = await readFile(join(nodeModules, '.package-lock.json'), 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return undefined
    throw error
  }
  const lock = JSON.parse(text) as { packages?: Record<string, Record<string, unknown>> }
  if (typeof lock.packages !== 'object' || lock.packages === null) {
    throw new Error(`${join(nodeModules, '.package-lock.json')} has no "packages" object.`)
  }
  const packages: InstalledPackage[] = []
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith(prefix) || entry['link'] === true) continue
    const name = path.slice(path.lastIndexOf(prefix) + prefix.length)
    const version = entry['version']
    const integrity = entry['integrity']
    if (typeof version !== 'string') continue
    packages.push(typeof integrity === 'string' ? { name, version, integrity } : { name, version })
  }
  return packages
}
