import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { SkillshipError } from '../../errors/skillship-error.js'

/** Remembers the paths of one tree and rejects any that would clash on another filesystem. */
export interface CollisionGuard {
  /**
   * Registers a normalised file path (see `checkEntryPath`). Throws `PathCollision` when it equals
   * an earlier path after NFKC + lowercase, or when it is a file where an earlier path needs a
   * folder (or the reverse), as `a` and `A/b` would on a case-insensitive filesystem.
   */
  add(path: string): void
}

/**
 * Creates a guard for one tree. Comparison is NFKC + lowercase because macOS and Windows fold case,
 * and macOS returns NFD names: `SKILL.md` and `skill.md`, or NFC and NFD `café`, are one file there
 * and would silently overwrite each other on install.
 */
export function createCollisionGuard(): CollisionGuard {
  const files = new Map<string, string>()
  const folders = new Map<string, string>()
  return {
    add(path) {
      const key = collisionKey(path)
      const clash = files.get(key) ?? folders.get(key)
      if (clash !== undefined) throw collision(path, clash)
      let slash = key.indexOf('/')
      while (slash !== -1) {
        const folder = key.slice(0, slash)
        const fileClash = files.get(folder)
        if (fileClash !== undefined) throw collision(path, fileClash)
        if (!folders.has(folder)) folders.set(folder, path)
        slash = key.indexOf('/', slash + 1)
      }
      files.set(key, path)
    },
  }
}

function collisionKey(path: string): string {
  return path.normalize('NFKC').toLowerCase()
}

function collision(path: string, earlier: string): SkillshipError {
  return new SkillshipError(
    SkillErrorCode.PathCollision,
    `Path ${JSON.stringify(path)} collides with ${JSON.stringify(earlier)} on case-insensitive or Unicode-normalising filesystems`,
    { path, hint: 'Rename one of them: they would overwrite each other on macOS and Windows.' },
  )
}
