/** Where one agent reads skills: one record per agent, kept as data (agents-table.ts). */
export interface AgentTarget {
  readonly id: string
  readonly label: string
  /** Skill folders relative to the project root, primary first (e.g. `.qoder/skills`). */
  readonly projectDirs: readonly string[]
  /**
   * Skill folders for user (global) installs: `~` is the home folder; `$VAR/...` entries apply only
   * when VAR is set and take precedence (e.g. `$QODER_CONFIG_DIR/skills`).
   */
  readonly userDirs: readonly string[]
  /** Agents known to mishandle symlinked skill folders get real folders even in link mode. */
  readonly needsRealFolder: boolean
}

/** How a skill reaches an agent folder: a real folder (hard links from the store, else copies) or a symlink. */
export type LinkMode = 'link' | 'copy'

/** The outcome for one agent folder after install or sync, checked on disk. */
export interface AgentReport {
  readonly agent: string
  /** The skill folder path (e.g. `/repo/.qoder/skills/pdf`). */
  readonly path: string
  readonly method: 'folder' | 'symlink'
  /** True when the folder on disk holds exactly the skill's files (SKILL.md readable, digests equal). */
  readonly verified: boolean
  readonly problem?: string
}
