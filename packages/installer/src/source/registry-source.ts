import { isSkillshipError, SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import {
  type RegistryClient,
  RegistryErrorCode,
  resolveVersion,
  type SkillDocument,
  type VersionDocument,
} from '@skillship/registry-client'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import type { LockedSource, SkillSourceSpec } from './skill-source-spec.js'
import type { FetchedSkill, Resolution, Source } from './source.js'

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
