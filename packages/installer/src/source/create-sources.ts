import type { RegistryClient } from '@skillship/registry-client'
import { type ArchiveSourceOptions, createArchiveSource } from './archive-source.js'
import { createDirectorySource } from './directory-source.js'
import { createGitSource } from './git-source.js'
import { createRegistrySource } from './registry-source.js'
import type { GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { Source } from './source.js'

export interface CreateSourcesOptions {
  /** The registry that registry specs resolve against. */
  readonly registry: string
  /** The client for a registry URL (with the user's token for it). */
  readonly clientFor: (registryUrl: string) => RegistryClient
  readonly archive?: ArchiveSourceOptions
  readonly git?: GitRunnerOptions
}

/** Picks the source for a spec or a lockfile entry. */
export interface Sources {
  forSpec(spec: SkillSourceSpec): Source
  forLocked(locked: LockedSource): Source
}

/**
 * One source of each kind. Sources cache per instance (registry documents, bytes read by resolve
 * for the following fetch), so make one `Sources` per install run.
 */
export function createSources(options: CreateSourcesOptions): Sources {
  const byKind: Readonly<Record<Source['kind'], Source>> = {
    registry: createRegistrySource({ registry: options.registry, clientFor: options.clientFor }),
    directory: createDirectorySource(),
    archive: createArchiveSource(options.archive),
    git: createGitSource(options.git),
  }
  return {
    forSpec: (spec) => byKind[spec.kind],
    forLocked: (locked) => byKind[locked.type],
  }
}
