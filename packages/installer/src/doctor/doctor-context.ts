import { join } from 'node:path'
import { type RuntimeState, readRuntimeState } from '../install/prepare-runtimes.js'
import { type AgentPlacement, agentPlacements } from '../link/agents.js'
import { readLockfile } from '../lockfile/lockfile.js'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest.js'
import { defaultAgents, readManifest } from '../manifest/manifest.js'
import { type InstallerOptions, installerPaths } from '../project/project.js'
import { findPythonInterpreters, type PythonInterpreter } from '../runtimes/python/interpreters.js'
import type { InstalledState } from '../state/installed-state.js'
import { readClaimedState } from '../state/installed-state.js'
import { type InstalledSkill, installedSkills } from './installed-skills.js'

/** What the checks read, each read at most once per doctor run and shared. */
export interface DoctorContext {
  readonly options: InstallerOptions
  readonly paths: ReturnType<typeof installerPaths>
  /** The running Node's version (`process.versions.node` unless a test says otherwise). */
  readonly nodeVersion: string
  /** The effective uid; undefined where there is none (Windows). */
  readonly uid: number | undefined
  /** `options.env` as child processes take it. */
  readonly env: NodeJS.ProcessEnv
  manifest(): Promise<Manifest | undefined>
  lockfile(): Promise<Lockfile | undefined>
  /** The state records install would honour (readClaimedState): never a path outside the scope. */
  installedState(): Promise<InstalledState>
  runtimeState(): Promise<RuntimeState>
  /** The skills folders of the manifest's agents (the default agents without a skillship.json). */
  agentFolders(): Promise<AgentPlacement[]>
  installedSkills(): Promise<InstalledSkill[]>
  pythonInterpreters(): Promise<PythonInterpreter[]>
  /**
   * True when `error` is the failure of one of the shared reads above. The check that owns the
   * read (`project` for files, `declarations` for skills, `python` for interpreters) reports it
   * as an error; any other check needing it is reported as not run instead of repeating it.
   */
  isInputFailure(error: unknown): boolean
}

/** Test seams; `runDoctor` uses the defaults. */
export interface DoctorContextOverrides {
  readonly nodeVersion?: string
  readonly uid?: number | undefined
}

/** A context over `options`: nothing is read until a check asks for it. */
export function createDoctorContext(
  options: InstallerOptions,
  overrides: DoctorContextOverrides = {},
): DoctorContext {
  const paths = installerPaths(options)
  const failures = new WeakSet<object>()
  const once = <T>(read: () => Promise<T>): (() => Promise<T>) => {
    let value: Promise<T> | undefined
    return () => {
      value ??= read().catch((error: unknown) => {
        if (typeof error === 'object' && error !== null) failures.add(error)
        throw error
      })
      return value
    }
  }
  const manifest = once(() => readManifest(paths.manifest))
  const installedState = once(async () => (await readClaimedState(options)).state)
  const env: NodeJS.ProcessEnv = { ...options.env }
  return {
    options,
    paths,
    nodeVersion: overrides.nodeVersion ?? process.versions.node,
    uid: 'uid' in overrides ? overrides.uid : process.getuid?.(),
    env,
    manifest,
    lockfile: once(async () => (await readLockfile(paths.lockfile))?.lockfile),
    installedState,
    runtimeState: once(() => readRuntimeState(paths.runtimes)),
    agentFolders: once(async () =>
      agentPlacements((await manifest())?.agents ?? defaultAgents, options, false),
    ),
    installedSkills: once(async () => installedSkills((await installedState()).skills)),
    pythonInterpreters: once(() =>
      findPythonInterpreters({ env, cacheDir: join(options.skillshipHome, 'cache') }),
    ),
    isInputFailure: (error) => typeof error === 'object' && error !== null && failures.has(error),
  }
}
