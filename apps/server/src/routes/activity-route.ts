import {
  type ActivityPage,
  defaultActivityPageSize,
  maxActivityPageSize,
  RegistryErrorCode,
} from '@skillship/registry-client'
import type { Hono } from 'hono'
import type { ActivityStore } from '../activity/activity-store.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { registryError } from '../http/registry-error.js'

/**
 * `GET /v1/activity?before=&limit=` (docs/registry-api.md, "Activity"): a token is required;
 * admins see every entry, other tokens those about public skills and the private ones their
 * scope globs match (as search lists them). One query of at most `limit` + 1 rows.
 */
export function registerActivityRoute(app: Hono<RegistryEnv>, activity: ActivityStore): void {
  app.get('/v1/activity', async (c) => {
    const principal = c.get('principal')
    if (principal.tokenName === undefined) {
      throw registryError(
        RegistryErrorCode.Unauthorized,
        'Reading the activity log needs a token',
        {
          hint: 'Send Authorization: Bearer <token>.',
        },
      )
    }
    const limit = parseLimit(c.req.query('limit'))
    const before = parseBefore(c.req.query('before'))
    const admin = principal.scopes.some((scope) => scope.kind === 'admin')
    const rows = await activity.listActivity({
      limit: limit + 1,
      ...(before === undefined ? {} : { before }),
      visible: admin
        ? 'all'
        : {
            privateNamePatterns: principal.scopes.flatMap((s) =>
              s.kind === 'admin' ? [] : [s.pattern],
            ),
          },
    })
    const page = rows.slice(0, limit)
    const body: ActivityPage = {
      entries: page.map((row) => ({
        id: row.id,
        at: row.at.toISOString(),
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: { ...row.details },
      })),
      next: rows.length > limit ? (page[page.length - 1]?.id ?? null) : null,
    }
    c.header('cache-control', 'private, no-cache')
    return c.json(body)
  })
}

function parseLimit(raw: string | undefined): number {
  if (raw === undefined || raw === '') return defaultActivityPageSize
  const limit = Number(raw)
  if (!/^\d{1,3}$/.test(raw) || limit < 1 || limit > maxActivityPageSize) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `limit must be a whole number from 1 to ${maxActivityPageSize}, not '${raw.slice(0, 20)}'`,
    )
  }
  return limit
}

// Ids are positive integers below 2^63 (both engines' id columns).
function parseBefore(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined
  if (!/^[1-9]\d{0,17}$/.test(raw)) {
    throw registryError(
      RegistryErrorCode.BadRequest,
      `before must be an entry id (the next of a previous page), not '${raw.slice(0, 20)}'`,
    )
  }
  return raw
}
