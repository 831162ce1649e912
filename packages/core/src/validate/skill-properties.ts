import type { Frontmatter } from '../frontmatter/parse-frontmatter-yaml.js'

/** The spec's fields of a skill, as agents and the registry use them. */
export interface SkillProperties {
  readonly name: string | undefined
  readonly description: string | undefined
  readonly license?: string
  readonly compatibility?: string
  readonly allowedTools?: string
  readonly metadata?: Readonly<Record<string, string>>
  /** `metadata.version`, the conventional place for a skill's version. */
  readonly version?: string
}

/** Extracts the spec's fields from frontmatter data; non-string metadata values are left out. */
export function toSkillProperties(
  data: Frontmatter['data'],
  name: string | undefined,
): SkillProperties {
  const text = (key: string): string | undefined => {
    const value = data[key]
    return typeof value === 'string' ? value : undefined
  }
  const description = text('description')?.trim()
  const metadata = stringMetadata(data['metadata'])
  const license = text('license')
  const compatibility = text('compatibility')
  const allowedTools = text('allowed-tools')
  const version = metadata?.['version']
  return {
    name,
    description: description === '' ? undefined : description,
    ...(license === undefined ? {} : { license }),
    ...(compatibility === undefined ? {} : { compatibility }),
    ...(allowedTools === undefined ? {} : { allowedTools }),
    ...(metadata === undefined ? {} : { metadata }),
    ...(version === undefined ? {} : { version }),
  }
}

function stringMetadata(
  value: Frontmatter['data'][string] | undefined,
): Record<string, string> | undefined {
  if (value === undefined || value === null || typeof value === 'string' || Array.isArray(value))
    return undefined
  const out: Record<string, string> = Object.create(null)
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry === 'string') out[key] = entry
  }
  return Object.keys(out).length > 0 ? out : undefined
}
