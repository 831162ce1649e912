/** What caches implement to hear about changes (the skill loader and the document cache do). */
export interface InvalidationListener {
  /** What `name` resolves to may have changed: forget it. */
  invalidate(name: string): void
  /** Changes may have been missed (a replica that was disconnected): forget everything. */
  invalidateAll(): void
}

/**
 * Tells every cache of every replica that a skill changed. Writers call `publish` after their
 * transaction committed (publish, dist-tag set/remove, deprecate, yank, visibility). In-process
 * for embedded storage (createLocalInvalidationBus); across replicas through PostgreSQL
 * LISTEN/NOTIFY (startPostgresInvalidationBus).
 */
export interface InvalidationBus {
  /**
   * Announces that `name` changed: this process's subscribers hear it before the promise settles,
   * other replicas shortly after. Rejects (REGISTRY_STORAGE_UNAVAILABLE) when the announcement
   * could not be sent, so the writer learns that other replicas may serve the old state.
   */
  publish(name: string): Promise<void>
  /** Adds a listener; returns the function that removes it. */
  subscribe(listener: InvalidationListener): () => void
  /**
   * True while every committed change is certain to reach the subscribers: always in process;
   * with PostgreSQL while the LISTEN connection is up. While false, caches must revalidate
   * against storage instead of trusting their entries.
   */
  isLive(): boolean
  /** Stops listening and drops every subscriber; idempotent. */
  close(): Promise<void>
}
