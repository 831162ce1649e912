import { type ReauditResult, type ReauditStep, reauditVersions } from '../audit/reaudit-versions.js'
import { createInProcessAuditor } from '../audit/skill-auditor.js'
import type { ServerConfig } from '../config/server-config.js'
import type { InvalidationBus } from '../invalidation/invalidation-bus.js'
import { invalidationChannel } from '../invalidation/start-postgres-invalidation-bus.js'
import {
  type BackfillResult,
  type BackfillStep,
  backfillRegistrySignatures,
} from '../signing/backfill-signatures.js'
import { loadRegistryKeyring } from '../signing/load-registry-keyring.js'
import type { RegistryKeyring } from '../signing/registry-keyring.js'
import { createStorage, type Storage } from '../storage/create-storage.js'
import { guardPostgres } from '../storage/postgres/postgres-unavailable.js'

/** What an offline maintenance command works with: storage, its bus, the registry's keyring. */
interface OfflineRegistry {
  readonly storage: Storage
  readonly invalidation?: Pick<InvalidationBus, 'publish'>
  readonly registryKeys: RegistryKeyring
}

/**
 * Runs `work` straight on the server's storage and keyring (the same sources a server reads,
 * docs/signing.md "Registry keys"). With PostgreSQL every skill `work` announces goes out on the
 * invalidation channel, so running replicas drop their cached documents at once; a server on the
 * same SQLite file sees the change counter move at its next request and drops its caches.
 */
async function withOfflineRegistry<T>(
  config: ServerConfig,
  work: (registry: OfflineRegistry) => Promise<T>,
): Promise<T & { readonly storage: 'sqlite' | 'postgres' }> {
  const registryKeys = await loadRegistryKeyring(config.registryKeys, new Date())
  const storage = await createStorage({
    dataDir: config.dataDir,
    ...(config.databaseUrl === undefined ? {} : { databaseUrl: config.databaseUrl }),
  })
  const postgres = storage.postgres
  try {
    const invalidation =
      postgres === undefined
        ? undefined
        : {
            publish: async (name: string) => {
              await guardPostgres(postgres.label, () =>
                postgres.pool.query('SELECT pg_notify($1, $2)', [invalidationChannel, name]),
              )
            },
          }
    const result = await work({
      storage,
      registryKeys,
      ...(invalidation === undefined ? {} : { invalidation }),
    })
    return { ...result, storage: storage.kind }
  } finally {
    await storage.close()
  }
}

/**
 * `skillship server audit`: re-judges stored versions with the server's audit settings
 * (`SKILLSHIP_AUDIT_POLICY`, `SKILLSHIP_AUDIT_RULES`), on this thread (no request waits in a CLI),
 * and re-signs each new verdict with the registry's current key (docs/audit.md).
 */
export function reauditOffline(
  config: ServerConfig,
  options: { readonly all?: boolean; readonly onStep?: (step: ReauditStep) => void } = {},
): Promise<ReauditResult & { readonly storage: 'sqlite' | 'postgres' }> {
  return withOfflineRegistry(config, ({ storage, invalidation, registryKeys }) =>
    reauditVersions(
      {
        metadata: storage.metadata,
        blobs: storage.blobs,
        audit: { auditor: createInProcessAuditor(config.audit.pack), policy: config.audit.policy },
        registryKeys,
        ...(invalidation === undefined ? {} : { invalidation }),
      },
      options,
    ),
  )
}

/**
 * `skillship server sign`: signs every stored version without a registry signature with the
 * current key (backfillRegistrySignatures).
 */
export function signOffline(
  config: ServerConfig,
  options: { readonly onStep?: (step: BackfillStep) => void } = {},
): Promise<BackfillResult & { readonly storage: 'sqlite' | 'postgres' }> {
  return withOfflineRegistry(config, ({ storage, invalidation, registryKeys }) =>
    backfillRegistrySignatures(
      {
        metadata: storage.metadata,
        registryKeys,
        ...(invalidation === undefined ? {} : { invalidation }),
      },
      options,
    ),
  )
}
