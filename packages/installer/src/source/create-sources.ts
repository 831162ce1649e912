import { isAbsolute, resolve } from 'node:path'
import { isValidTag, type RegistryClient, type VersionDocument } from '@skillship/registry-client'
import type { InstallProgress } from '../install/installer-options.js'
import type { ArchiveSourceOptions } from './archive-source.js'
import { type GitHosts, parseGitShorthand } from './parse-git-shorthand.js'
import { parseGitSpec } from './parse-git-spec.js'
import { createRegistrySource } from './registry-source.js'
import type { GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { DiscoveredRepository, Source } from './source.js'
import { isArchivePath, isHttpUrlText, parseArchiveUrl } from './source-checks.js'
import { specInvalid } from './spec-invalid.js'

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

/**
 * A source whose implementation module is imported on first use: an install from the registry
 * never loads the git, folder and archive code (and the YAML, tar and zip readers behind it),
 * which would otherwise be most of a warm install's start-up time.
 */
export function lazySource(kind: Source['kind'], load: () => Promise<Source>): Source {
  let loading: Promise<Source> | undefined
  const loaded = () => {
    loading ??= load()
    return loading
  }
  return {
    kind,
    resolve: async (spec: SkillSourceSpec) => (await loaded()).resolve(spec),
    fetch: async (source: LockedSource) => (await loaded()).fetch(source),
    async prefetch(specs: readonly SkillSourceSpec[]) {
      if (specs.length > 0) await (await loaded()).prefetch?.(specs)
    },
    async discover(spec: SkillSourceSpec) {
      const source = await loaded()
      if (source.discover === undefined) throw new Error(`${kind} sources do not discover skills`)
      return source.discover(spec)
    },
  }
}

export interface ParseSourceSpecOptions {
  /** The skill name when the spec is a manifest value (`"pdf": "^1.2.0"`): the text is then a range. */
  readonly name?: string | undefined
  /** Relative paths are resolved against this folder (the manifest's, or the working directory). */
  readonly cwd: string
  /**
   * Accept the repository shorthands (`owner/repo`, `github:`, `gitlab:`, forge web URLs; see
   * parseGitShorthand), read against these hosts. Only for typed specs: skillship.json holds the
   * `git+` URL `skillship add` wrote, so it means the same on every machine.
   */
  readonly gitHosts?: GitHosts | undefined
}

// Registry names are ASCII (the registry accepts only a-z, 0-9 and single hyphens).
const registryName = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
// Characters of semver ranges (`^1.2.0`, `>=1 <2`, `1.x || 2`, `1.0.0-beta.1`); semver decides at resolve.
const rangeText = /^[0-9A-Za-z.*^~<>=|+\- ]+$/

/**
 * Parses a source spec as written on the command line or as a manifest value. Forms:
 * `name@range|tag|version` (or a bare range/tag/version when `options.name` is given), `name`
 * alone (meaning `name@latest`), `file:<path>` / `./path` / `/abs` (a folder, copied),
 * `link:<path>` (a folder, symlinked), a path or `file:` path or https URL ending in .tgz,
 * .tar.gz or .zip (an archive), `git+<https|ssh|file URL>[#ref][&path=sub/dir]` (git), and
 * with `options.gitHosts` the repository shorthands (`owner/repo`, `github:owner/repo`, ...).
 * Paths come back absolute (resolved against `options.cwd`). Anything else throws
 * INSTALL_SPEC_INVALID with a hint listing the forms. Never touches the filesystem or network.
 */
export function parseSourceSpec(text: string, options: ParseSourceSpecOptions): SkillSourceSpec {
  const spec = text.trim()
  if (spec === '') throw specInvalid(text, 'the spec is empty')
  if (spec.startsWith('git+')) return parseGitSpec(spec)
  if (spec.startsWith('link:'))
    return localSpec(spec, spec.slice('link:'.length), options.cwd, true)
  if (spec.startsWith('file:'))
    return localSpec(spec, spec.slice('file:'.length), options.cwd, false)
  const shorthand =
    options.gitHosts === undefined ? undefined : parseGitShorthand(spec, options.gitHosts)
  if (shorthand !== undefined) return shorthand
  if (isHttpUrlText(spec)) return { kind: 'archive', location: parseArchiveUrl(spec).href }
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec)) throw specInvalid(spec, 'unsupported URL scheme')
  if (isPathLike(spec) || isArchivePath(spec)) return localSpec(spec, spec, options.cwd, false)
  return registrySpec(spec, options.name)
}

function isPathLike(text: string): boolean {
  return text === '.' || text === '..' || /^\.{0,2}\//.test(text)
}

function localSpec(text: string, path: string, cwd: string, link: boolean): SkillSourceSpec {
  if (path === '') throw specInvalid(text, 'the path is empty')
  if (/\p{Cc}/u.test(path)) throw specInvalid(text, 'the path holds control characters')
  const absolute = isAbsolute(path) ? resolve(path) : resolve(cwd, path)
  if (!isArchivePath(path)) return { kind: 'directory', path: absolute, link }
  if (link) throw specInvalid(text, 'link: needs a folder; archives are installed as copies')
  return { kind: 'archive', location: absolute }
}

function registrySpec(text: string, manifestName: string | undefined): SkillSourceSpec {
  const at = text.indexOf('@')
  const [name, range] =
    manifestName !== undefined
      ? [manifestName, text]
      : at === -1
        ? [text, 'latest']
        : [text.slice(0, at), text.slice(at + 1)]
  if (name.length > 64 || !registryName.test(name))
    throw specInvalid(text, `'${name}' is not a registry skill name (a-z, 0-9, single hyphens)`)
  if (!isValidTag(range) && !(rangeText.test(range) && /[0-9*xX]/.test(range)))
    throw specInvalid(text, `'${range}' is not a version, range or dist-tag`)
  return { kind: 'registry', name, range }
}
