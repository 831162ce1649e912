import type { DiscoveredRepository } from '@skillship/installer'

/** `skillship add <repo> --list`: one line per skill (name, path, description), then the commit. */
export function renderRepositorySkills(repo: DiscoveredRepository): string[] {
  const width = Math.min(40, Math.max(4, ...repo.skills.map((skill) => skill.name.length)))
  const lines = repo.skills.map((skill) => {
    const about =
      skill.error === undefined
        ? (skill.description ?? '').replace(/\s+/g, ' ').slice(0, 120)
        : `not installable (${skill.error})`
    return `${skill.name.padEnd(width)}  ${skill.path}  ${about}`
  })
  if (lines.length === 0) lines.push('No skills found.')
  lines.push(
    `${repo.skills.length} skill${repo.skills.length === 1 ? '' : 's'} in ${repo.url} at ${repo.commit.slice(0, 12)}${repo.ref === undefined ? '' : ` (${repo.ref})`}; pick with --skill <name...> or --skill '*'`,
  )
  return lines
}
