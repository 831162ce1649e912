import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

// One path segment that is the same on every filesystem: no separators, dots, case or Unicode
// variants that could collide or climb out of the skills folder.
const safeName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const maxNameLength = 64

/** True when `name` can be used as a folder name inside a skills folder as is. */
export function isSafeSkillName(name: string): boolean {
  return name.length <= maxNameLength && safeName.test(name)
}

/**
 * Throws INSTALL_LINK_FAILED unless `name` is one safe path segment (lowercase ASCII letters,
 * digits, single inner hyphens, at most 64 characters). A skill's name comes from untrusted
 * frontmatter, and a peer installer wrote outside the project by using it as a path.
 */
export function assertSafeSkillName(name: string): void {
  if (isSafeSkillName(name)) return
  throw new SkillshipError(
    InstallErrorCode.LinkFailed,
    `Refusing to use ${JSON.stringify(name)} as a skill folder name.`,
    {
      hint: 'A skill folder name must be lowercase letters, digits and single hyphens (at most 64).',
      path: name,
    },
  )
}
