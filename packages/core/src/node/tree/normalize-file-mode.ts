/** The only two modes a skill file gets on disk and in our archives. */
export type SkillFileMode = 0o644 | 0o755

/**
 * Maps any permission bits to `0o755` when any execute bit is set, else `0o644`. Owner, group
 * and sticky bits from the source carry no meaning once installed elsewhere.
 */
export function normalizeFileMode(mode: number): SkillFileMode {
  return (mode & 0o111) === 0 ? 0o644 : 0o755
}

/** True when setuid or setgid is set: never honoured, always rejected. */
export function hasSetuidBits(mode: number): boolean {
  return (mode & 0o6000) !== 0
}
