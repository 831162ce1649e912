import type { NodeNeeds } from '../discover/skill-runtime-needs.js'
import type { ToolProgress } from '../tool-progress.js'

/** A package installed in a Node environment, from npm's `node_modules/.package-lock.json`. */
export interface InstalledPackage {
  /** The folder name under node_modules (what `require` resolves), e.g. `@scope/name`. */
  readonly name: string
  readonly version: string
  /** The SRI hash npm verified, when the package came from a registry. */
  readonly integrity?: string
}

/** A built Node environment: `<envsRoot>/<key>` with `node_modules` inside. */
export interface NodeEnv {
  /** 32 hex characters: see `nodeEnvKey`. */
  readonly key: string
  readonly path: string
  readonly nodeModules: string
  /** True when an existing environment was used and nothing was built. */
  readonly reused: boolean
  readonly packages: InstalledPackage[]
}

/** What `ensureNodeEnv` needs. */
export interface EnsureNodeEnvOptions {
  /** The folder holding every environment, one subfolder per key. */
  readonly envsRoot: string
  readonly skillDir: string
  readonly needs: NodeNeeds
  /** Whether npm may run install scripts of the dependencies (off by default for safety). */
  readonly allowScripts: boolean
  /** The environment npm runs with: the user's npm settings (registry, proxy) come from here. */
  readonly env: NodeJS.ProcessEnv
  /** Receives npm's output line by line, and a line when an environment is built or rebuilt. */
  readonly onProgress?: ToolProgress
}
