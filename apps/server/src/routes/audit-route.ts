import { type AuditReportDocument, RegistryErrorCode } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { registryError } from '../http/registry-error.js'

/**
 * `GET /v1/skills/:name/:version/audit`: the registry's full audit of one version (findings and
 * capability manifest), with the skill's visibility: a private skill needs a token that may read
 * it (404 otherwise, as for its document). Blocked versions answer too: the report says why.
 */
export function registerAuditRoute(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  documents: SkillDocumentCache,
): void {
  app.get('/v1/skills/:name/:version/audit', async (c) => {
    const { name, version } = c.req.param()
    const { document } = await readSkillDocument(deps, documents, c.get('principal'), name)
    if (document.versions[version] === undefined)
      throw registryError(RegistryErrorCode.VersionNotFound, `${name}@${version} not found`)
    const audit = await deps.metadata.getVersionAudit(name, version)
    if (audit === undefined)
      throw registryError(RegistryErrorCode.NotFound, `${name}@${version} has no audit yet`, {
        hint: 'It was published before audits; `skillship server audit` judges it.',
      })
    const report: AuditReportDocument = {
      name,
      version,
      verdict: audit.verdict,
      rulePack: audit.rulePack,
      incomplete: audit.incomplete,
      auditedAt: audit.auditedAt.toISOString(),
      ...audit.report,
    }
    c.header('cache-control', document.private ? 'private, no-cache' : 'public, no-cache')
    return c.json(report)
  })
}
