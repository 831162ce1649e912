import type { SkillSourceSpec } from './skill-source-spec.js'

/**
 * Writes a spec back as text that `parseSourceSpec` reads as the same spec (paths stay absolute):
 * `name@range`, `file:/abs`, `link:/abs`, `file:/abs.tgz` or the URL, `git+<url>#ref&path=sub`.
 */
export function formatSourceSpec(spec: SkillSourceSpec): string {
  switch (spec.kind) {
    case 'registry':
      return `${spec.name}@${spec.range}`
    case 'directory':
      return `${spec.link ? 'link:' : 'file:'}${spec.path}`
    case 'archive':
      return /^https?:\/\//i.test(spec.location) ? spec.location : `file:${spec.location}`
    case 'git': {
      // scp-like addresses (`git@host:owner/repo.git`) are written the way npm spells them.
      const url = spec.url.includes('://') ? spec.url : `ssh://${spec.url}`
      const fragment = [spec.ref, spec.subpath === undefined ? undefined : `path=${spec.subpath}`]
        .filter((part) => part !== undefined)
        .join('&')
      return `git+${url}${fragment === '' ? '' : `#${fragment}`}`
    }
  }
}
