import { isAbsolute, resolve } from 'node:path'
import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import {
  isValidTag,
  type RegistryClient,
  RegistryErrorCode,
  resolveVersion,
  type SkillDocument,
  type VersionDocument,
} from '@skillship/registry-client/client'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { InstallProgress } from '../project/project.js'
import { isArchivePath, isHttpUrlText, parseArchiveUrl } from '../shared/helpers.js'
import type { ArchiveSourceOptions } from './archive-source.js'
import { type GitHosts, parseGitShorthand } from './parse-git-shorthand.js'
import { parseGitSpec } from './parse-git-spec.js'
import type { GitRunnerOptions } from './run-git.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { DiscoveredRepository, FetchedSkill, Resolution, Source } from './source.js'
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

export interface RegistrySourceOptions {
  /** The registry that registry specs resolve against (recorded in the lockfile). */
  readonly registry: string
  /** The client for a registry URL (with the user's token for it); called once per URL. */
  readonly clientFor: (registryUrl: string) => RegistryClient
}

/**
 * Skills from a registry. resolve reads the skill document (once per name per instance: make one
 * instance per install run; prefetch reads many in one request first) and picks the version with `resolveVersion` (dist-tag, exact version
 * even when yanked, or the highest non-yanked match of a range); nothing matching is
 * INSTALL_NO_MATCHING_VERSION with the available versions in the hint. fetch downloads the tarball;
 * when this instance has read the document, the client checks the bytes against `dist.integrity`
 * (REGISTRY_INTEGRITY_MISMATCH), otherwise the caller checks them against the lockfile. Registry
 * failures keep their REGISTRY_* codes.
 */
/** The registry source, which can also say what the registry now holds about a locked version. */
export interface RegistrySource extends Source {
  /**
   * The version document of a locked registry version as the registry serves it now (read once
   * per name per instance, batched by `prefetch`); undefined when the registry no longer lists
   * the version. Registry failures keep their REGISTRY_* codes.
   */
  versionDocument(locked: LockedSource & { type: 'registry' }): Promise<VersionDocument | undefined>
}

export function createRegistrySource(options: RegistrySourceOptions): RegistrySource {
  const pending = new Map<string, Promise<SkillDocument>>()
  const loaded = new Map<string, SkillDocument>()
  const clientFor = oncePerRegistry(options.clientFor)
  const remember = (key: string, request: Promise<SkillDocument>): Promise<SkillDocument> => {
    const read = request.then((document) => {
      loaded.set(key, document)
      return document
    })
    // A failed read is not cached, so a retry within the run asks again.
    read.catch(() => pending.delete(key))
    pending.set(key, read)
    return read
  }
  const documentOf = (registry: string, name: string): Promise<SkillDocument> => {
    const key = `${registry}\n${name}`
    return pending.get(key) ?? remember(key, readDocument(clientFor(registry), name))
  }
  // One request for every name not read yet; a name the answer lacks, and every name when the
  // registry predates the route, is read on its own, so errors keep their single-read codes.
  const prefetch = async (specs: readonly SkillSourceSpec[]): Promise<void> => {
    const registry = options.registry
    const named = specs.flatMap((spec) => (spec.kind === 'registry' ? [spec.name] : []))
    const names = [...new Set(named)].filter((name) => !pending.has(`${registry}\n${name}`))
    if (names.length < 2) return
    const batch = readDocuments(clientFor(registry), names)
    await Promise.all(
      names.map((name) =>
        remember(
          `${registry}\n${name}`,
          batch.then(
            (documents) => documents?.get(name) ?? readDocument(clientFor(registry), name),
          ),
        ),
      ),
    )
  }
  return {
    kind: 'registry',
    prefetch,
    versionDocument: async (locked) =>
      (await documentOf(locked.registry, locked.name)).versions[locked.version],
    async resolve(spec: SkillSourceSpec): Promise<Resolution> {
      if (spec.kind !== 'registry') throw new Error(`registry source given a ${spec.kind} spec`)
      const document = await documentOf(options.registry, spec.name)
      const version = resolveVersion(document, spec.range)
      if (version === undefined) throw noMatchingVersion(document, spec.range)
      const { name, version: exact } = version
      return {
        name,
        version: exact,
        source: { type: 'registry', registry: options.registry, name, version: exact },
        integrity: version.dist.integrity,
      }
    },
    async fetch(source: LockedSource): Promise<FetchedSkill> {
      if (source.type !== 'registry') throw new Error(`registry source given ${source.type}`)
      const document = loaded.get(`${source.registry}\n${source.name}`)
      const integrity = document?.versions[source.version]?.dist.integrity
      const tarball = await clientFor(source.registry).downloadTarball(
        source.name,
        source.version,
        { integrity },
      )
      return { tarball, integrity: computeIntegrity(tarball) }
    },
  }
}

// One client per registry URL for the instance's lifetime.
function oncePerRegistry(
  make: (registry: string) => RegistryClient,
): (registry: string) => RegistryClient {
  const clients = new Map<string, RegistryClient>()
  return (registry) => {
    const client = clients.get(registry) ?? make(registry)
    clients.set(registry, client)
    return client
  }
}

async function readDocument(client: RegistryClient, name: string): Promise<SkillDocument> {
  const answer = await client.getSkill(name)
  // Only a conditional request (with an etag) can answer "not modified", and none is sent here.
  if (answer.notModified) throw new Error(`registry answered "not modified" for ${name}`)
  return answer.document
}

// The documents by name, or undefined when the registry has no batch route (an older server).
async function readDocuments(
  client: RegistryClient,
  names: readonly string[],
): Promise<Map<string, SkillDocument> | undefined> {
  try {
    const answer = await client.getSkills(names)
    return new Map(Object.entries(answer.documents))
  } catch (error) {
    if (isSkillshipError(error) && error.code === RegistryErrorCode.NotFound) return undefined
    throw error
  }
}

function noMatchingVersion(document: SkillDocument, range: string): SkillshipError {
  const versions = Object.values(document.versions)
    .filter((version) => !version.yanked)
    .map((version) => version.version)
  const tags = Object.entries(document.distTags).map(([tag, version]) => `${tag} -> ${version}`)
  const available = versions.length === 0 ? 'none' : versions.slice(-20).join(', ')
  return new SkillshipError(
    InstallErrorCode.NoMatchingVersion,
    `No version of ${document.name} matches '${range}'`,
    {
      hint: `Available versions: ${available}${tags.length === 0 ? '' : `; dist-tags: ${tags.join(', ')}`}.`,
      details: { name: document.name, range, versions, distTags: document.distTags },
    },
  )
}
