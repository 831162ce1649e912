/** Where one agent reads skills: one record per agent, kept as data (agents.ts). */
export interface AgentTarget {
  readonly id: string
  readonly label: string
  /**
   * Skill folders relative to the project root. The first is the agent's own; the rest are other
   * folders it also reads. An agent that reads the shared `.agents/skills` and handles links is
   * served by the real folder there instead of getting its own (agent-placements.ts).
   */
  readonly projectDirs: readonly string[]
  /**
   * Skill folders for user (global) installs, primary first, same rule as `projectDirs`. An entry
   * is `~/rest` (`~` is the home folder) or `$VAR/rest`: VAR's value when set and non-empty (it must
   * then be absolute), else VAR's default from `userDirVariables` (e.g. `$QODER_CONFIG_DIR/skills`
   * is `~/.qoder/skills` unless QODER_CONFIG_DIR is set).
   */
  readonly userDirs: readonly string[]
  /** Agents known to mishandle symlinked skill folders get real folders even in link mode. */
  readonly needsRealFolder: boolean
  /**
   * Folders whose presence says the agent is used here (its config folder in the project, or its
   * user folder; same grammar as `userDirs` for `~` and `$VAR` entries): `add` without `--agent`
   * serves every agent found (agent-skill-dirs.ts, `detectAgents`).
   */
  readonly detectDirs: readonly string[]
}

/** How a skill reaches an agent folder: a real folder (the project's own copies) or a symlink. */
export type LinkMode = 'link' | 'copy'

/** What sits at a skill's path in an agent folder: a real folder or a symlink to one. */
export type PlaceMethod = 'folder' | 'symlink'

/** The outcome for one agent folder after install or sync, checked on disk. */
export interface AgentReport {
  readonly agent: string
  /** The skill folder path (e.g. `/repo/.qoder/skills/pdf`). */
  readonly path: string
  readonly method: PlaceMethod
  /**
   * True when the folder on disk holds every file of the skill byte for byte and SKILL.md opens:
   * for a folder built by this install, because the folder at the path is the very one built
   * from the verified store entry; for one found in place, by size and inode or SHA-256 per file;
   * for a link, by where it resolves. Extra files (e.g. a `__pycache__` a script run left) do not
   * count.
   */
  readonly verified: boolean
  readonly problem?: string
}
