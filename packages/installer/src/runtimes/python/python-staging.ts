import { randomBytes } from 'node:crypto'
import { rm, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isProcessAlive } from '../../project/project.js'
import { readDirIfExists } from '../../shared/helpers.js'

// `.staging-<key>-<pid>-<12 hex>` while building; `...-old-<n>` for a damaged env moved aside.
const stagingName = /^\.staging-[0-9a-f]{32}-(\d+)-[0-9a-f]{12}(?:-old-\d+)?$/

/** Staging folders of live processes older than this are removed too (the pid may be reused). */
export const defaultPythonStagingStaleAfterMs = 24 * 60 * 60 * 1000

/**
 * A fresh staging path for building the environment `key` inside `envsRoot`: a sibling of the
 * final folder (same filesystem, so the final rename is atomic) whose name starts with a dot, so
 * listings of environments skip it, and carries this process's id for the sweep.
 */
export function pythonStagingPath(envsRoot: string, key: string): string {
  return join(envsRoot, `.staging-${key}-${process.pid}-${randomBytes(6).toString('hex')}`)
}

export interface SweepPythonStagingOptions {
  readonly staleAfterMs?: number
  /** The clock, for tests. */
  readonly now?: () => number
}

/**
 * Removes the staging folders in `envsRoot` left by builds that died (their process is gone) or
 * that are older than `staleAfterMs`, and returns their paths. Builds of live processes, this one
 * included, are left alone. Safe to run while other processes build or sweep.
 */
export async function sweepPythonStaging(
  envsRoot: string,
  options: SweepPythonStagingOptions = {},
): Promise<string[]> {
  const staleBefore =
    (options.now ?? Date.now)() - (options.staleAfterMs ?? defaultPythonStagingStaleAfterMs)
  const names = await readDirIfExists(envsRoot)
  const removed = await Promise.all(
    names.map(async (name) => {
      const pid = stagingName.exec(name)?.[1]
      if (pid === undefined) return undefined
      const path = join(envsRoot, name)
      if (isProcessAlive(Number(pid)) && !(await modifiedBefore(path, staleBefore)))
        return undefined
      await rm(path, { recursive: true, force: true })
      return path
    }),
  )
  return removed.filter((path) => path !== undefined)
}

async function modifiedBefore(path: string, time: number): Promise<boolean> {
  try {
    return (await stat(path)).mtimeMs < time
  } catch (error) {
    // Another sweep or the build itself removed it meanwhile.
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}
