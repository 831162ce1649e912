import { join } from 'node:path'
import type { RegistryClient } from '@skillship/registry-client'
import type { InstallScope } from '../link/agents.js'
import type { ProgressKind } from '../runtimes/tool-progress.js'
import type { GitHosts } from '../source/parse-git-shorthand.js'

/** One step of a long install, for progress display (docs/runtimes.md, "Progress"). */
export interface InstallProgress {
  readonly phase: 'resolve' | 'fetch' | 'runtime' | 'place' | 'remove'
  readonly name: string
  readonly done: number
  readonly total: number
  /** A line of what a tool (pip, npm) is doing, for the runtime phase. */
  readonly detail?: string
  /** What `detail` is; absent means `output`. */
  readonly kind?: ProgressKind
}

/** Everything an install needs; the library reads no environment, argv or home folder itself. */
export interface InstallerOptions {
  /** The folder holding skillship.json (the project, or `~/.skillship/global` for --global). */
  readonly projectRoot: string
  readonly scope: InstallScope
  readonly home: string
  readonly env: Readonly<Record<string, string | undefined>>
  /** The content-addressed store folder. */
  readonly storeRoot: string
  /** Where skill environments live (`~/.skillship/envs`, `SKILLSHIP_ENVS`): one folder per key. */
  readonly envsRoot: string
  /** skillship's own folder (`~/.skillship`, `SKILLSHIP_HOME`): config, the known-projects list. */
  readonly skillshipHome: string
  /** The registry used when skillship.json names none. */
  readonly registry: string
  readonly clientFor: (registryUrl: string) => RegistryClient
  readonly onProgress?: (progress: InstallProgress) => void
  /**
   * Where `owner/repo`, `github:` and `gitlab:` point (the user's environment or config, never a
   * project file). Default: github.com and gitlab.com.
   */
  readonly gitHosts?: GitHosts
}

/** The files an install reads and writes, derived from the options. */
export function installerPaths(options: Pick<InstallerOptions, 'projectRoot' | 'scope' | 'home'>) {
  return {
    projectRoot: options.projectRoot,
    manifest: join(options.projectRoot, 'skillship.json'),
    lockfile: join(options.projectRoot, 'skillship.lock'),
    lockDir: options.projectRoot,
    state:
      options.scope === 'project'
        ? join(options.projectRoot, '.skillship', 'installed.json')
        : join(options.home, '.skillship', 'installed-user.json'),
    runtimes:
      options.scope === 'project'
        ? join(options.projectRoot, '.skillship', 'runtimes.json')
        : join(options.home, '.skillship', 'runtimes-user.json'),
  }
}
