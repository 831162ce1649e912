/**
 * The activity log's storage: append-only, newest first when read. Two implementations (SQLite,
 * PostgreSQL) run one contract suite (test/contract/activity-store.contract.ts).
 */

/** One entry as stored. `id`: decimal digits, increasing in the order entries were appended. */
export interface ActivityRecord {
  readonly id: string
  readonly at: Date
  readonly actor: string
  readonly action: string
  readonly target: string
  /** The skill the entry is about, which decides who may read it; null (token entries): admins only. */
  readonly skill: string | null
  readonly details: Readonly<Record<string, unknown>>
}

/** What `appendActivity` takes: everything but the id the store assigns. */
export type NewActivity = Omit<ActivityRecord, 'id'>

export interface ActivityQuery {
  /** Only entries with a smaller id (exclusive); undefined for the newest. */
  readonly before?: string
  readonly limit: number
  /**
   * `all` for admins. Otherwise entries about public skills, and about private skills whose name
   * matches one of these globs (`*` = any run of characters); never entries without a skill.
   */
  readonly visible: 'all' | { readonly privateNamePatterns: readonly string[] }
}

export interface ActivityStore {
  /** Appends `entry` and returns its id. */
  appendActivity(entry: NewActivity): Promise<string>
  /** At most `limit` visible entries, newest (highest id) first. */
  listActivity(query: ActivityQuery): Promise<ActivityRecord[]>
}

/** The most bytes of an entry's details as JSON; larger details are refused (RangeError). */
export const maxActivityDetailsBytes = 4096

/** Throws a RangeError, before anything is written, for an entry a store must refuse. */
export function assertActivity(entry: NewActivity): string {
  const details = JSON.stringify(entry.details)
  if (details.length > maxActivityDetailsBytes) {
    throw new RangeError(
      `Activity details of ${entry.action} exceed ${maxActivityDetailsBytes} bytes`,
    )
  }
  for (const field of [entry.actor, entry.action, entry.target]) {
    if (field.length === 0 || field.length > 512) {
      throw new RangeError(`Activity fields must hold 1 to 512 characters (${entry.action})`)
    }
  }
  return details
}
