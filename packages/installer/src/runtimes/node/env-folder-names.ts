import { randomBytes } from 'node:crypto'
import { join } from 'node:path'

/** Prefixes of the temporary folders beside the environments (never an environment's key). */
export const stagingPrefix = '.staging-'
export const trashPrefix = '.trash-'

/** A fresh `<envsRoot>/.staging-<key>-<random>` path to build an environment in. */
export function stagingPath(envsRoot: string, key: string): string {
  return join(envsRoot, `${stagingPrefix}${key}-${randomBytes(6).toString('hex')}`)
}

/** A fresh `<envsRoot>/.trash-<key>-<random>` path to move a damaged environment to. */
export function trashPath(envsRoot: string, key: string): string {
  return join(envsRoot, `${trashPrefix}${key}-${randomBytes(6).toString('hex')}`)
}
