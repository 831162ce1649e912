import type { RegistryClient, VersionDocument } from '@skillship/registry-client'
import type { InstallProgress } from '../install/installer-options.js'
import type { ArchiveSourceOptions } from './archive-source.js'
import { lazySource } from './lazy-source.js'
import { createRegistrySource } from './registry-source.js'
import type { GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { DiscoveredRepository, Source } from './source.js'

export interface CreateSourcesOptions {
  /** The registry that registry specs resolve against. */
  readonly registry: string
  /** The client for a registry URL (with the user's token for it). */
  readonly clientFor: (registryUrl: string) => RegistryClient
  readonly archive?: ArchiveSourceOptions
  readonly git?: GitRunnerOptions
  /** `--force`: folder, archive and git skills may break the spec's letter (see loadValidSkill). */
  readonly force?: boolean
  /** Where long steps of a source (git commands) are reported. */
  readonly onProgress?: ((progress: InstallProgress) => void) | undefined
}

/** Picks the source for a spec or a lockfile entry. */
export interface Sources {
  forSpec(spec: SkillSourceSpec): Source
  forLocked(locked: LockedSource): Source
  /** Lets each kind warm up for the specs about to be resolved (see Source.prefetch). */
  prefetch(specs: readonly SkillSourceSpec[]): Promise<void>
  /** The skills of a repository (a git spec without a folder); see Source.discover. */
  discover(spec: SkillSourceSpec): Promise<DiscoveredRepository>
  /** What the registry now serves for a locked registry version (see RegistrySource). */
  versionDocument(locked: LockedSource & { type: 'registry' }): Promise<VersionDocument | undefined>
}

/**
 * One source of each kind (all but the registry's loaded on first use). Sources cache per instance (registry documents, bytes read by resolve
 * for the following fetch), so make one `Sources` per install run.
 */
export function createSources(options: CreateSourcesOptions): Sources {
  const registry = createRegistrySource({
    registry: options.registry,
    clientFor: options.clientFor,
  })
  const byKind: Readonly<Record<Source['kind'], Source>> = {
    registry,
    directory: lazySource('directory', async () =>
      (await import('./directory-source.js')).createDirectorySource({
        force: options.force === true,
      }),
    ),
    archive: lazySource('archive', async () =>
      (await import('./archive-source.js')).createArchiveSource({
        ...options.archive,
        force: options.force === true,
      }),
    ),
    git: lazySource('git', async () =>
      (await import('./git-source.js')).createGitSource({
        ...options.git,
        force: options.force === true,
        ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      }),
    ),
  }
  return {
    forSpec: (spec) => byKind[spec.kind],
    forLocked: (locked) => byKind[locked.type],
    discover: (spec) => {
      const source = byKind[spec.kind]
      if (source.discover === undefined) throw new Error(`${spec.kind} specs hold one skill`)
      return source.discover(spec)
    },
    versionDocument: (locked) => registry.versionDocument(locked),
    async prefetch(specs) {
      await Promise.all(
        Object.values(byKind).map((source) =>
          source.prefetch?.(specs.filter((spec) => spec.kind === source.kind)),
        ),
      )
    },
  }
}
