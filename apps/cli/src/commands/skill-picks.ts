import { usageError } from '../cli-error-codes.js'

/**
 * Takes `--skill` out of `add`'s arguments: `--skill a b` (every argument after it up to the next
 * option), `--skill a --skill b`, `--skill=a`, `--skill '*'`. Returns the other arguments, for
 * parseArgs, and the names (undefined when `--skill` is absent). Nothing after `--` is read.
 */
export function takeSkillPicks(args: readonly string[]): {
  readonly rest: string[]
  readonly skills: string[] | undefined
} {
  const rest: string[] = []
  let skills: string[] | undefined
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] as string
    if (arg === '--') {
      rest.push(...args.slice(index))
      break
    }
    if (arg.startsWith('--skill=')) {
      skills = [...(skills ?? []), pickName(arg.slice('--skill='.length))]
      continue
    }
    if (arg !== '--skill') {
      rest.push(arg)
      continue
    }
    const names: string[] = []
    while (index + 1 < args.length && !(args[index + 1] as string).startsWith('-'))
      names.push(pickName(args[++index] as string))
    if (names.length === 0) throw usageError("--skill needs at least one skill name (or '*')")
    skills = [...(skills ?? []), ...names]
  }
  return { rest, skills }
}

function pickName(name: string): string {
  if (name.trim() === '') throw usageError('--skill names cannot be empty')
  return name.trim()
}
