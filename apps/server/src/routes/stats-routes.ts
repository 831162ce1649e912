import { defaultStatsDays, maxStatsDays, RegistryErrorCode } from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { RegistryDeps } from '../app/registry-deps.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { readSkillDocument } from '../documents/read-skill-document.js'
import type { SkillDocumentCache } from '../documents/skill-document-cache.js'
import { registryError } from '../http/registry-error.js'
import { buildSkillStats, windowStartHour } from '../stats/build-skill-stats.js'
import type { StatsStore } from '../stats/stats-store.js'

/**
 * `GET /v1/skills/:name/stats?days=N`: the skill's recorded loads (docs/registry-api.md, "Load
 * statistics"), with the skill document's visibility (a private skill the caller may not read is
 * REGISTRY_NOT_FOUND). One indexed read of at most 24 × days × versions rows.
 */
export function registerStatsRoutes(
  app: Hono<RegistryEnv>,
  deps: RegistryDeps,
  stats: StatsStore,
  cache: SkillDocumentCache,
): void {
  app.get('/v1/skills/:name/stats', async (c) => {
    const days = parseDays(c.req.query('days'))
    const name = c.req.param('name')
    await readSkillDocument(deps, cache, c.get('principal'), name)
    const now = (deps.now?.() ?? new Date()).getTime()
    const records = await stats.readLoadStats(name, windowStartHour(now, days))
    c.header('cache-control', 'private, no-cache')
    return c.json(buildSkillStats(name, records, now, days))
  })
}

function parseDays(raw: string | undefined): number {
  if (raw === undefined || raw === '') return defaultStatsDays
  const days = Number(raw)
  if (!/^\d{1,3}$/.test(raw) || days < 1 || days > maxStatsDays) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `days must be a whole number from 1 to ${maxStatsDays}, not '${raw.slice(0, 20)}'`,
    )
  }
  return days
}
