/** Path builders for every registry route (relative to the registry URL). Names are URL-encoded. */
export const routes = {
  skills: () => '/v1/skills',
  skill: (name: string) => `/v1/skills/${encodeURIComponent(name)}`,
  tarball: (name: string, version: string) =>
    `/v1/skills/${encodeURIComponent(name)}/-/${encodeURIComponent(version)}.tgz`,
  distTag: (name: string, tag: string) =>
    `/v1/skills/${encodeURIComponent(name)}/dist-tags/${encodeURIComponent(tag)}`,
  distTags: (name: string) => `/v1/skills/${encodeURIComponent(name)}/dist-tags`,
  version: (name: string, version: string) =>
    `/v1/skills/${encodeURIComponent(name)}/versions/${encodeURIComponent(version)}`,
  audit: (name: string, version: string) =>
    `/v1/skills/${encodeURIComponent(name)}/${encodeURIComponent(version)}/audit`,
  documents: () => '/v1/documents',
  verdicts: () => '/v1/verdicts',
  resolve: (name: string) => `/v1/resolve/${encodeURIComponent(name)}`,
  tokens: () => '/v1/tokens',
  token: (id: string) => `/v1/tokens/${encodeURIComponent(id)}`,
  whoami: () => '/v1/whoami',
  experiments: () => '/v1/experiments',
  experiment: (key: string) => `/v1/experiments/${encodeURIComponent(key)}`,
  experimentAction: (key: string, action: 'start' | 'stop' | 'rollback' | 'promote') =>
    `/v1/experiments/${encodeURIComponent(key)}/${action}`,
  experimentReport: (key: string) => `/v1/experiments/${encodeURIComponent(key)}/report`,
  experimentHistory: (key: string) => `/v1/experiments/${encodeURIComponent(key)}/history`,
  skillStats: (name: string) => `/v1/skills/${encodeURIComponent(name)}/stats`,
  activity: () => '/v1/activity',
  assignment: () => '/v1/experiments/assignment',
  events: () => '/v1/events',
} as const

/** The header a publisher may send so the server can refuse a tarball corrupted on the way. */
export const integrityHeader = 'x-skillship-integrity'

/** The content type of tarballs, both ways. */
export const tarballContentType = 'application/gzip'

/** The most names one `POST /v1/documents` may ask for; the client splits longer lists. */
export const maxDocumentsPerRequest = 500

const MiB = 1024 * 1024

/**
 * The most tarball bytes a client reads: the largest archive core unpacks
 * (`defaultUnpackLimits.maxArchiveBytes`, pinned by a test), twice the server's default
 * `SKILLSHIP_MAX_UPLOAD_BYTES`, so every version a default server accepts downloads.
 */
export const maxTarballBytes = 100 * MiB

/**
 * The most bytes of one JSON answer a client reads: a `POST /v1/documents` page of 500 skills
 * averaging 64 KiB each (every version's file list included).
 */
export const maxJsonAnswerBytes = 32 * MiB
