import { type ReauditResult, type ReauditStep, reauditVersions } from '../audit/reaudit-versions.js'
import { createInProcessAuditor } from '../audit/skill-auditor.js'
import type { ServerConfig } from '../config/server-config.js'
import { invalidationChannel } from '../invalidation/start-postgres-invalidation-bus.js'
import { createStorage } from '../storage/create-storage.js'
import { guardPostgres } from '../storage/postgres/postgres-unavailable.js'

/**
 * `skillship server audit`: re-judges stored versions straight in the server's storage, with the
 * server's audit settings (`SKILLSHIP_AUDIT_POLICY`, `SKILLSHIP_AUDIT_RULES`), on this thread (no
 * request waits in a CLI). With PostgreSQL every re-judged skill is announced on the invalidation
 * channel, so running replicas drop their cached documents at once; a server on the same SQLite
 * file sees the change counter move at its next request and drops its caches (docs/audit.md).
 */
export async function reauditOffline(
  config: ServerConfig,
  options: { readonly all?: boolean; readonly onStep?: (step: ReauditStep) => void } = {},
): Promise<ReauditResult & { readonly storage: 'sqlite' | 'postgres' }> {
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  })
  const postgres = storage.postgres
  try {
    const result = await reauditVersions(
      {
        metadata: storage.metadata,
        blobs: storage.blobs,
        audit: { auditor: createInProcessAuditor(config.audit.pack), policy: config.audit.policy },
        ...(postgres === undefined
          ? {}
          : {
              invalidation: {
                publish: async (name: string) => {
                  await guardPostgres(postgres.label, () =>
                    postgres.pool.query('SELECT pg_notify($1, $2)', [invalidationChannel, name]),
                  )
                },
              },
            }),
      },
      options,
    )
    return { ...result, storage: storage.kind }
  } finally {
    await storage.close()
  }
}
