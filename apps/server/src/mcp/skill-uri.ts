/** The URI scheme of skill resources (SEP-2640 Resource Mapping). */
export const skillScheme = 'skill://'

/** The file every skill has at its root. */
export const skillMdPath = 'SKILL.md'

/**
 * A parsed `skill://<name>[/<path>]`: the registry serves every skill at a single-segment skill
 * path (its name, no organisational prefix), so the authority is the name and the rest is the path
 * inside the skill (`''` for the skill's root directory).
 */
export interface SkillUri {
  readonly name: string
  readonly path: string
}

/** `skill://<name>/<path>`, or the skill's root directory `skill://<name>` when `path` is empty. */
export function formatSkillUri(name: string, path = ''): string {
  const encodedPath = path === '' ? '' : `/${path.split('/').map(encodeSegment).join('/')}`
  return `${skillScheme}${encodeSegment(name)}${encodedPath}`
}

/** The URI of a skill's SKILL.md: how a skill is identified (skills/list, skills/get). */
export function skillMdUri(name: string): string {
  return formatSkillUri(name, skillMdPath)
}

/**
 * Parses a `skill://` URI. Returns undefined for anything that cannot name a file or directory of
 * a served skill: another scheme, a query or fragment, empty, `.` or `..` segments, bad escapes.
 * One trailing slash is tolerated (directory URIs are written without it, but it means the same).
 */
export function parseSkillUri(uri: string): SkillUri | undefined {
  if (uri.slice(0, skillScheme.length).toLowerCase() !== skillScheme) return undefined
  const rest = uri.slice(skillScheme.length)
  if (rest.includes('?') || rest.includes('#')) return undefined
  const raw = rest.endsWith('/') ? rest.slice(0, -1) : rest
  const segments = raw.split('/').map(decodeSegment)
  if (segments.some((segment) => segment === undefined)) return undefined
  const [name, ...path] = segments as string[]
  if (name === undefined) return undefined
  return { name, path: path.join('/') }
}

function encodeSegment(segment: string): string {
  return encodeURIComponent(segment)
}

function decodeSegment(segment: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(segment)
  } catch {
    return undefined
  }
  if (decoded === '' || decoded === '.' || decoded === '..') return undefined
  if (decoded.includes('/') || decoded.includes('\\') || decoded.includes('\0')) return undefined
  return decoded
}
