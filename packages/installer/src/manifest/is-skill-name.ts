/** Longest skill name, as the Agent Skills specification allows. */
export const maxSkillNameLength = 64

const skillNamePattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

/**
 * True for a valid skill name: lowercase a-z and 0-9 in groups joined by single hyphens (no
 * leading, trailing or double hyphen), at most 64 characters. Such a name is always a safe
 * single path segment and never `__proto__`.
 */
export function isSkillName(name: string): boolean {
  return name.length <= maxSkillNameLength && skillNamePattern.test(name)
}
