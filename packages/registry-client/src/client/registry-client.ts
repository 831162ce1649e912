import type {
  CreatedToken,
  CreateTokenRequest,
  DistTagsResponse,
  DocumentsResponse,
  LivezResponse,
  PublishResponse,
  ResolveResponse,
  SearchResponse,
  SkillDocument,
  SkillPatch,
  TokenInfo,
  VersionDocument,
  VersionPatch,
  WhoamiResponse,
} from '../wire/documents.js'
import type {
  AssignmentResponse,
  CreateExperimentRequest,
  EventsResponse,
  ExperimentDocument,
  ExperimentReport,
  OutcomeEvent,
} from '../wire/experiment-documents.js'
import type { PublisherKeyDocument, RegistryKeysResponse } from '../wire/signature-documents.js'
import type { RetryPolicy } from './request-policy.js'

export type { LivezResponse, WhoamiResponse }

// Optional fields also accept an explicit undefined, so callers can pass `env.TOKEN` or
// `cached?.etag` straight through under exactOptionalPropertyTypes.

/** How to reach a registry. */
export interface RegistryClientOptions {
  /** Base URL; a path prefix is kept (`https://host/registry/` serves `/registry/v1/...`). */
  readonly registry: string
  /** Bearer token; sent as `Authorization: Bearer` only when set. */
  readonly token?: string | undefined
  /**
   * Send through this fetch (a proxy dispatcher, an instrumented fetch). Without it the client
   * uses node:http / node:https directly, which starts faster and ignores proxies.
   */
  readonly fetch?: typeof fetch | undefined
  readonly userAgent?: string | undefined
  /** Whole-request budget (connect, answer, body), in milliseconds. Default 30 000. */
  readonly timeoutMs?: number | undefined
  /** Most bytes of a tarball answer (REGISTRY_RESPONSE_TOO_LARGE past it). Default `maxTarballBytes`. */
  readonly maxTarballBytes?: number | undefined
  /** Most bytes of any other answer. Default `maxJsonAnswerBytes`. */
  readonly maxJsonBytes?: number | undefined
  /** How GET (and read-only POST) requests are retried; default `defaultRetryPolicy`. */
  readonly retry?: Partial<RetryPolicy> | undefined
}

export interface SearchOptions {
  readonly q?: string | undefined
  /** Default 20, max 100 (the server refuses more with REGISTRY_BAD_REQUEST). */
  readonly limit?: number | undefined
  /** The `nextCursor` of the previous page. */
  readonly cursor?: string | undefined
}

export interface GetSkillOptions {
  /** The `etag` of a cached document: the registry answers "not modified" when it still holds. */
  readonly etag?: string | undefined
}

/** A fresh document with its ETag, or "your cached copy is current". */
export type GetSkillResult =
  | {
      readonly notModified: false
      readonly document: SkillDocument
      readonly etag: string | undefined
    }
  | { readonly notModified: true }

export interface DownloadTarballOptions {
  /** SRI `sha512-...` the bytes must match (from the lockfile or `dist.integrity`). */
  readonly integrity?: string | undefined
}

export interface PublishOptions {
  /** Dist-tag to point at the new version; the server defaults to `latest`. */
  readonly tag?: string | undefined
  /** Visibility of a new skill; the server defaults to `public`. */
  readonly access?: 'public' | 'private' | undefined
  /** Overrides SKILL.md `metadata.version` (must be semver). */
  readonly version?: string | undefined
  /** SRI of the tarball; computed from the bytes when not given. */
  readonly integrity?: string | undefined
  /**
   * The publisher's Sigstore bundle (its JSON text) over this tarball, sent base64url in
   * `x-skillship-signature`; the registry verifies it before storing anything.
   */
  readonly signature?: string | undefined
}

export interface ListExperimentsOptions {
  /** Only the experiments of this skill. */
  readonly skill?: string | undefined
}

/**
 * A typed client of one registry. Every method throws a `SkillshipError`: a `RegistryHttpError`
 * (with `status`) carrying the registry's code for an error answer, or REGISTRY_PROTOCOL for an
 * answer that is not the registry's JSON; REGISTRY_UNREACHABLE when no answer came in time.
 */
export interface RegistryClient {
  /** `GET /v1/skills`: one page of skills matching `q`. */
  search(options?: SearchOptions): Promise<SearchResponse>
  /** `GET /v1/skills/:name`, conditional when `etag` is given. Private skills 404 without read scope. */
  getSkill(name: string, options?: GetSkillOptions): Promise<GetSkillResult>
  /**
   * `POST /v1/documents`: the documents of many skills in one round trip per 500 names (how an
   * install resolves a whole manifest). Unknown and unreadable names are listed in `missing`.
   */
  getSkills(names: readonly string[]): Promise<DocumentsResponse>
  /** `PATCH /v1/skills/:name` (publish scope or admin). */
  updateSkill(name: string, patch: SkillPatch): Promise<SkillDocument>
  /** `GET /v1/resolve/:name`: the version a range, dist-tag or exact version means (default `latest`). */
  resolve(name: string, range?: string): Promise<ResolveResponse>
  /**
   * `GET /v1/skills/:name/-/:version.tgz`: the tarball bytes. With `integrity`, throws
   * REGISTRY_INTEGRITY_MISMATCH unless the bytes match it.
   */
  downloadTarball(
    name: string,
    version: string,
    options?: DownloadTarballOptions,
  ): Promise<Uint8Array>
  /** `GET /v1/keys`: the registry's own signing keys (ids are checked by the caller, never trusted). */
  getRegistryKeys(): Promise<RegistryKeysResponse>
  /**
   * The bytes of a publisher's signature bundle at `path` (a version document's
   * `signatures.publisher.bundle`): only plain `/v1/...` paths, at most 256 KiB (REGISTRY_PROTOCOL).
   */
  downloadSignatureBundle(path: string): Promise<Uint8Array>
  /**
   * `POST /v1/keys/publishers`: registers a publisher public key (SPKI PEM or `ssh-ed25519`
   * line) for the token's name and publish scopes (REGISTRY_PUBLISHER_KEY_EXISTS when taken).
   */
  addPublisherKey(publicKey: string): Promise<PublisherKeyDocument>
  /** `GET /v1/keys/publishers`: the token's own publisher keys (an admin's: every key). */
  listPublisherKeys(): Promise<readonly PublisherKeyDocument[]>
  /**
   * `DELETE /v1/keys/publishers/:keyId`: revokes a key (owner or admin); the versions it signed
   * are flagged. REGISTRY_PUBLISHER_KEY_NOT_FOUND when the token has no such key.
   */
  revokePublisherKey(keyId: string): Promise<PublisherKeyDocument>
  /** `PUT /v1/skills/:name`: publishes a .tgz with its integrity header (publish scope). */
  publish(name: string, tarball: Uint8Array, options?: PublishOptions): Promise<PublishResponse>
  /** `PATCH /v1/skills/:name/versions/:version`: deprecate or yank (publish scope). */
  updateVersion(name: string, version: string, patch: VersionPatch): Promise<VersionDocument>
  /** `GET /v1/skills/:name/dist-tags`. */
  getDistTags(name: string): Promise<DistTagsResponse>
  /** `PUT /v1/skills/:name/dist-tags/:tag` (publish scope). */
  setDistTag(name: string, tag: string, version: string): Promise<DistTagsResponse>
  /** `DELETE /v1/skills/:name/dist-tags/:tag`; `latest` cannot be removed (publish scope). */
  removeDistTag(name: string, tag: string): Promise<DistTagsResponse>
  /** `POST /v1/tokens` (admin): the secret is in the answer only. */
  createToken(request: CreateTokenRequest): Promise<CreatedToken>
  /** `GET /v1/tokens` (admin), never with secrets. */
  listTokens(): Promise<readonly TokenInfo[]>
  /** `DELETE /v1/tokens/:id` (admin). */
  deleteToken(id: string): Promise<void>
  /** `GET /v1/whoami`: the name and scopes of the token (REGISTRY_UNAUTHORIZED without one). */
  whoami(): Promise<WhoamiResponse>
  /** `GET /livez`: the process answers. */
  livez(): Promise<LivezResponse>
  /** `POST /v1/experiments`: a new experiment, as a draft (publish scope on the skill). */
  createExperiment(request: CreateExperimentRequest): Promise<ExperimentDocument>
  /** `GET /v1/experiments[?skill=]`: every experiment, or those of one skill. */
  listExperiments(options?: ListExperimentsOptions): Promise<readonly ExperimentDocument[]>
  /** `GET /v1/experiments/:key` (EXPERIMENT_NOT_FOUND when there is none). */
  getExperiment(key: string): Promise<ExperimentDocument>
  /** `POST /v1/experiments/:key/start`: a draft starts assigning users. */
  startExperiment(key: string): Promise<ExperimentDocument>
  /** `POST /v1/experiments/:key/stop`: everyone gets control again; the data is kept. */
  stopExperiment(key: string): Promise<ExperimentDocument>
  /** `POST /v1/experiments/:key/rollback`: back to control, recorded as a rollback. */
  rollbackExperiment(key: string): Promise<ExperimentDocument>
  /**
   * `POST /v1/experiments/:key/promote`: the variant's version (default: the server's pick of the
   * winner) moves onto the `latest` dist-tag and the experiment ends.
   */
  promoteExperiment(key: string, variant?: string): Promise<ExperimentDocument>
  /** `GET /v1/experiments/:key/report`: per-arm counts and means, lift, chance to win, SRM, guardrails. */
  experimentReport(key: string): Promise<ExperimentReport>
  /** `GET /v1/experiments/assignment?skill=&user=`: which version of `skill` this user gets. */
  getAssignment(skill: string, user: string): Promise<AssignmentResponse>
  /** `POST /v1/events`: outcome events (up to 1,000 per call; repeated ids are counted once). */
  sendEvents(events: readonly OutcomeEvent[]): Promise<EventsResponse>
}
