/** How to start one script of an installed skill: everything `spawn` needs. */
export interface SkillRunPlan {
  readonly command: string
  readonly args: readonly string[]
  readonly cwd: string
  readonly env: NodeJS.ProcessEnv
  /** The installed skill folder the script was found in. */
  readonly skillDir: string
  /** The script, absolute. */
  readonly script: string
  /** Which runner was chosen. */
  readonly runner: 'python' | 'node' | 'shell' | 'shebang'
}
