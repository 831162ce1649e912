import { createHash, sign } from 'node:crypto'
import { computeIntegrity } from '@skillship/core/integrity'
import {
  type RegistryKeysResponse,
  registrySignedMessage,
  type SkillDocument,
} from '@skillship/registry-client'
import {
  buildSkillStatement,
  exportSigningKey,
  type SigningKey,
  signSkillStatement,
} from '@skillship/signing'
import { skillDigestOfArchive } from '@skillship/signing/node'
import { packTestSkill } from '../sources/pack-test-skill.js'

/** One version a test registry serves: its tarball, and how it is signed. */
export interface ServedVersion {
  readonly name: string
  readonly version: string
  readonly tarball: Uint8Array
  /** The publisher bundle's JSON, or undefined for an unsigned version. */
  readonly bundle: string | undefined
  readonly publisherKeyId: string | undefined
}

/** The bundle a publisher with `key` makes for `tarball` as `name@version`. */
export async function signTarball(
  name: string,
  version: string,
  tarball: Uint8Array,
  key: SigningKey,
): Promise<string> {
  const statement = buildSkillStatement({
    name,
    version,
    skillDigest: await skillDigestOfArchive(tarball),
    integrity: computeIntegrity(tarball),
    publisher: 'test-publisher',
    publishedAt: new Date('2026-01-01T00:00:00Z'),
  })
  return signSkillStatement(statement, key)
}

/** A version of the skill folder `root`, signed by `key` when given. */
export async function servedVersion(
  root: string,
  name: string,
  version: string,
  key: SigningKey | undefined,
): Promise<ServedVersion> {
  const tarball = await packTestSkill(root)
  const bundle = key === undefined ? undefined : await signTarball(name, version, tarball, key)
  return { name, version, tarball, bundle, publisherKeyId: key?.keyId }
}

/**
 * The routes (path -> bytes) a registry signing with `registryKey` answers for `versions`: the
 * skill documents with `signatures` (one by one and in the batch), tarballs, bundles and
 * `GET /v1/keys`.
 */
export function registryRoutes(
  versions: readonly ServedVersion[],
  registryKey: SigningKey,
): Record<string, Uint8Array> {
  const routes: Record<string, Uint8Array> = {}
  const documents = new Map<string, DocumentDraft>()
  for (const served of versions) {
    const base = `/v1/skills/${served.name}`
    const integrity = computeIntegrity(served.tarball)
    const message = registrySignedMessage(served.name, served.version, integrity, undefined)
    const sig = sign(null, Buffer.from(message), registryKey.privateKey).toString('base64')
    const bundlePath = `${base}/-/${served.version}.sigstore.json`
    routes[`${base}/-/${served.version}.tgz`] = served.tarball
    if (served.bundle !== undefined) routes[bundlePath] = Buffer.from(served.bundle)
    const document = documents.get(served.name) ?? emptyDocument(served.name)
    document.versions[served.version] = {
      name: served.name,
      version: served.version,
      description: 'test',
      frontmatter: {},
      dist: {
        tarball: `${base}/-/${served.version}.tgz`,
        integrity,
        size: served.tarball.byteLength,
        unpackedSize: 0,
        fileCount: 0,
      },
      files: [],
      publishedAt: '2026-01-01T00:00:00.000Z',
      publisher: 'test-publisher',
      yanked: false,
      signatures: {
        ...(served.publisherKeyId === undefined
          ? {}
          : { publisher: { keyId: served.publisherKeyId, bundle: bundlePath, revoked: false } }),
        registry: [{ keyId: registryKey.keyId, sig }],
      },
    }
    document.distTags['latest'] = served.version
    documents.set(served.name, document)
  }
  for (const [name, document] of documents)
    routes[`/v1/skills/${name}`] = Buffer.from(JSON.stringify(document))
  // The batch route (POST; the test server answers by path) with every document.
  const batch = { documents: Object.fromEntries(documents), missing: [] }
  routes['/v1/documents'] = Buffer.from(JSON.stringify(batch))
  const keys: RegistryKeysResponse = {
    keys: [
      {
        keyId: registryKey.keyId,
        publicKey: exportSigningKey(registryKey).publicKeyPem,
        validFrom: '2026-01-01T00:00:00.000Z',
        validUntil: null,
      },
    ],
  }
  routes['/v1/keys'] = Buffer.from(JSON.stringify(keys))
  return routes
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] }
type DocumentDraft = Omit<SkillDocument, 'versions' | 'distTags'> & {
  versions: Mutable<SkillDocument['versions']>
  distTags: Mutable<SkillDocument['distTags']>
}

function emptyDocument(name: string): DocumentDraft {
  return {
    name,
    description: 'test',
    private: false,
    distTags: {},
    versions: {},
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  }
}

/** The `trust.keys` entry pinning `key`. */
export function pinned(key: SigningKey): Record<string, string> {
  return { [key.keyId]: exportSigningKey(key).publicKeyPem }
}

export const sha256 = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex')
