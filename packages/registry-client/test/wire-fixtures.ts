import type { DistDocument, SkillDocument, VersionDocument } from '../src/wire/documents.js'
import type { ExperimentDocument } from '../src/wire/experiment-documents.js'
import type { Seen } from './fake-registry.js'

// Minimal valid wire documents, and the one each route answers with, for tests that look at
// requests and need the answer only to pass the client's schema check.

const at = '2025-01-01T00:00:00.000Z'

export const distDocument: DistDocument = {
  tarball: '/v1/skills/pdf/-/1.0.0.tgz',
  integrity: `sha512-${'A'.repeat(86)}==`,
  size: 512,
  unpackedSize: 1024,
  fileCount: 1,
}

export const versionDocument: VersionDocument = {
  name: 'pdf',
  version: '1.0.0',
  description: 'Reads PDFs',
  frontmatter: { name: 'pdf', description: 'Reads PDFs' },
  dist: distDocument,
  files: [{ path: 'SKILL.md', size: 40, mode: 420, sha256: '0'.repeat(64) }],
  publishedAt: at,
  publisher: 'ci',
  yanked: false,
}

export const skillDocument: SkillDocument = {
  name: 'pdf',
  description: 'Reads PDFs',
  private: false,
  distTags: { latest: '1.0.0' },
  versions: { '1.0.0': versionDocument },
  createdAt: at,
  updatedAt: at,
}

export const experimentDocument: ExperimentDocument = {
  key: 'cr-3',
  skill: 'code-review',
  seed: 's1',
  status: 'draft',
  variants: [
    { key: 'control', version: '2.3.1', weight: 0.8 },
    { key: 'b', version: '3.0.0', weight: 0.2 },
  ],
  coverage: 1,
  primaryMetric: 'success',
  guardrails: [{ metric: 'load_time_ms', direction: 'lower-is-better' }],
  ramp: [],
  createdAt: at,
  startedAt: null,
  endedAt: null,
  decision: null,
}

const tokenInfo = { id: 'tok_1', name: 'ci', scopes: ['read:*'], createdAt: at }

function experimentAnswer(seen: Seen): unknown {
  if (seen.path.endsWith('/assignment')) {
    return { skill: 'code-review', experiment: null, variant: null, version: '2.3.1' }
  }
  if (seen.path.endsWith('/report')) {
    return {
      experiment: experimentDocument,
      arms: [],
      primary: [],
      srmPValue: null,
      guardrails: [],
    }
  }
  if (seen.method === 'GET' && seen.path.endsWith('/v1/experiments')) return { experiments: [] }
  return experimentDocument
}

/** A valid answer to any route, by method and path (the base path prefix ignored). */
export function validAnswer(seen: Seen): unknown {
  const path = seen.path
  if (path.endsWith('/livez')) return { status: 'ok' }
  if (path.endsWith('/v1/whoami')) return { name: 'ci', scopes: ['read:*'] }
  if (path.endsWith('/v1/tokens')) {
    return seen.method === 'POST' ? { ...tokenInfo, token: 'sks_x' } : { tokens: [] }
  }
  if (path.endsWith('/v1/documents')) return { documents: {}, missing: [] }
  if (path.endsWith('/v1/events')) return { accepted: 1, duplicates: 0, ignored: 0 }
  if (path.includes('/v1/experiments')) return experimentAnswer(seen)
  if (path.includes('/v1/resolve/')) return { name: 'pdf', version: '1.0.0', dist: distDocument }
  if (path.includes('/dist-tags')) return { name: 'pdf', distTags: { latest: '1.0.0' } }
  if (path.includes('/versions/')) return versionDocument
  if (path.endsWith('/v1/skills')) return { items: [], nextCursor: null }
  if (seen.method === 'PUT') {
    return { name: 'pdf', version: '1.0.0', integrity: distDocument.integrity, distTags: {} }
  }
  return skillDocument
}
