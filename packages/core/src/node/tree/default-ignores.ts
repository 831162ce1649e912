/**
 * Names that are never part of a skill package wherever they appear in the tree: VCS metadata,
 * dependency and virtualenv folders, bytecode caches and desktop litter (as Anthropic's
 * `package_skill.py` excludes them).
 */
export const defaultIgnoredNames: ReadonlySet<string> = new Set([
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  '__pycache__',
  '.venv',
  '.DS_Store',
  'Thumbs.db',
])

/** True when one file or folder name is ignored (exact name, or a `*.pyc` file). */
export function isIgnoredName(name: string): boolean {
  return defaultIgnoredNames.has(name) || name.endsWith('.pyc')
}

/** True when any segment of a `/`-separated relative path is ignored, so the path is skipped. */
export function isIgnoredPath(relPath: string): boolean {
  return relPath.split('/').some(isIgnoredName)
}
