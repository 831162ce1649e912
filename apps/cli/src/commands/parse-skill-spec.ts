import { usageError } from '../cli-error-codes.js'

/** `name`, `name@1.2.3`, `name@^1`, `name@beta` split into the name and the optional spec. */
export function parseSkillSpec(text: string): { name: string; spec: string | undefined } {
  const at = text.indexOf('@', 1)
  const name = at === -1 ? text : text.slice(0, at)
  const spec = at === -1 ? undefined : text.slice(at + 1)
  if (name === '' || spec === '')
    throw usageError(
      `'${text}' is not a skill spec`,
      'Write name, name@version, name@range or name@tag.',
    )
  return { name, spec }
}

/** Like parseSkillSpec, but the version is required (`name@1.2.3`). */
export function parseExactSpec(text: string): { name: string; version: string } {
  const { name, spec } = parseSkillSpec(text)
  if (spec === undefined) throw usageError(`'${text}' needs a version`, 'Write name@1.2.3.')
  return { name, version: spec }
}
