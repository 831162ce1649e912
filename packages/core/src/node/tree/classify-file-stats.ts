import type { Stats } from 'node:fs'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'
import { hasSetuidBits } from './normalize-file-mode.js'

/**
 * Accepts the stats of something about to be listed as a skill file (for a symlink, its
 * target's stats) and throws unless it is a plain regular file: `LinkDirectory` for a folder
 * reached through a symlink, `SpecialFile` for a FIFO, socket or device, `SetuidBit` for a
 * setuid/setgid file. `path` is the relative path reported in the error.
 */
export function classifyFileStats(stats: Stats, path: string): void {
  if (stats.isFile()) {
    if (hasSetuidBits(stats.mode)) {
      throw new SkillshipError(
        SkillErrorCode.SetuidBit,
        `File ${path} has the setuid or setgid bit`,
        {
          path,
          hint: 'Remove it (chmod ug-s): a skill never needs elevated privileges.',
        },
      )
    }
    return
  }
  if (stats.isDirectory()) {
    throw new SkillshipError(SkillErrorCode.LinkDirectory, `Symlink ${path} points to a folder`, {
      path,
      hint: 'Replace the folder link with a real folder; agents disagree on following them.',
    })
  }
  throw new SkillshipError(
    SkillErrorCode.SpecialFile,
    `${path} is a ${specialKind(stats)}, not a regular file`,
    { path, hint: 'A skill may only contain regular files and folders.' },
  )
}

function specialKind(stats: Stats): string {
  if (stats.isFIFO()) return 'FIFO'
  if (stats.isSocket()) return 'socket'
  if (stats.isBlockDevice()) return 'block device'
  if (stats.isCharacterDevice()) return 'character device'
  return 'special file'
}
