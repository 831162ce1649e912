import type { DiscoveredRepository } from '@skillship/installer'

/** `skillship add <repo> --list`: one line per skill (name, path, description), then the commit. */
export function renderRepositorySkills(repo: DiscoveredRepository): string[] {
  // Columns, so descriptions start at one place (each capped: one long name does not push all).
  const width = columnWidth(repo.skills.map((skill) => skill.name))
  const pathWidth = columnWidth(repo.skills.map((skill) => skill.path))
  const lines = repo.skills.map((skill) => {
    const about =
      skill.error === undefined
        ? (skill.description ?? '').replace(/\s+/g, ' ').slice(0, 120)
        : `not installable (${skill.error})`
    return `${skill.name.padEnd(width)}  ${skill.path.padEnd(pathWidth)}  ${about}`
  })
  if (lines.length === 0) lines.push('No skills found.')
  lines.push(
    `${repo.skills.length} skill${repo.skills.length === 1 ? '' : 's'} in ${repo.url} at ${repo.commit.slice(0, 12)}${repo.ref === undefined ? '' : ` (${repo.ref})`}; pick with --skill <name...> or --skill '*'`,
  )
  return lines
}

function columnWidth(values: readonly string[]): number {
  return Math.min(40, Math.max(4, ...values.map((value) => value.length)))
}
