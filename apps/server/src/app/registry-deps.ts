import type { Logger } from 'pino'
import type { BlobStore } from '../storage/blob-store.js'
import type { MetadataStore } from '../storage/metadata-store.js'

/** What the registry app is built from; tests pass their own. */
export interface RegistryDeps {
  readonly metadata: MetadataStore
  readonly blobs: BlobStore
  readonly logger: Logger
  readonly maxUploadBytes: number
  /** True when several processes share the metadata store (PostgreSQL), so caches must revalidate. */
  readonly sharedStorage: boolean
  readonly now?: () => Date
  /** Flipped when shutdown begins, so /readyz answers 503 while in-flight requests finish. */
  readonly lifecycle: { shuttingDown: boolean }
}
