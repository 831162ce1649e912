import { readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { isProcessAlive } from '../project/project.js'
import { removeTree } from './remove-tree.js'
import { stagingPrefix } from './stage-store-entry.js'

/** Leftovers older than this are removed whoever made them: no add takes a day. */
export const tmpMaxAgeMs = 24 * 60 * 60 * 1000

/**
 * Removes what crashed adds left in `<root>/tmp`: folders of dead processes of this host (their
 * name starts with `<pid>.<host hash>.`) and anything older than `tmpMaxAgeMs`. Folders of live
 * processes, this one included, are kept: they may be staging right now.
 */
export async function sweepStoreTmp(tmp: string, now: number = Date.now()): Promise<number> {
  let names: string[]
  try {
    names = await readdir(tmp)
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return 0
    throw error
  }
  const host = stagingPrefix().split('.')[1]
  let removed = 0
  for (const name of names) {
    const [pid, hash] = name.split('.')
    const ours = hash === host && Number(pid) === process.pid
    const deadHere = hash === host && !isProcessAlive(Number(pid))
    if (ours || !(deadHere || (await isOlderThan(join(tmp, name), now - tmpMaxAgeMs)))) continue
    await removeTree(join(tmp, name))
    removed += 1
  }
  return removed
}

async function isOlderThan(path: string, cutoff: number): Promise<boolean> {
  try {
    return (await stat(path)).mtimeMs < cutoff
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return false
    throw error
  }
}
