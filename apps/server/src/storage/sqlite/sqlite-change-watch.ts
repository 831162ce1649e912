import type { Database } from 'better-sqlite3'

/**
 * Whether another connection changed what documents are built from since the last call.
 * `PRAGMA data_version` moves on any other connection's commit (this process's stats and
 * activity connections included, which commit often), so it only gates a read of the
 * `change_generation` counter that triggers bump on writes to skills, versions, tags, audits and
 * bundles. This connection's own writes bump the counter too: the next foreign commit then
 * reports one change too many, which costs a cache refill, never a stale answer. Statements are
 * prepared on first call (the store is migrated by then).
 */
export function createSqliteChangeWatch(db: Database): () => boolean {
  let statements: { data: () => unknown; generation: () => unknown } | undefined
  let seenData: unknown
  let seenGeneration: unknown
  return () => {
    if (statements === undefined) {
      const data = db.prepare('PRAGMA data_version').pluck()
      const generation = db.prepare('SELECT value FROM change_generation WHERE id = 1').pluck()
      statements = { data: () => data.get(), generation: () => generation.get() ?? 0 }
      seenData = statements.data()
      seenGeneration = statements.generation()
      return false
    }
    const data = statements.data()
    if (data === seenData) return false
    seenData = data
    const generation = statements.generation()
    if (generation === seenGeneration) return false
    seenGeneration = generation
    return true
  }
}
