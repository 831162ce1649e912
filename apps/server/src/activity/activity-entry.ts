import type { ActivityAction } from '@skillship/registry-client'
import type { ActivityStore, NewActivity } from './activity-store.js'

/** One action to log: who did it, what, to what, and about which skill (null: admins only). */
export interface ActivityDraft {
  readonly actor: string
  readonly action: ActivityAction
  readonly target: string
  readonly skill: string | null
  readonly details?: Readonly<Record<string, unknown>>
}

/**
 * The entry of an action about to be written; undefined when the server keeps no activity log.
 * Every action (publish, tags, deprecate, yank, visibility, tokens, publisher keys, experiments,
 * re-audits) passes its entry to the store method that writes the action, which appends it in
 * the action's own transaction: an action is never stored without its entry, nor an entry
 * without its action, and an action that fails or changes nothing appends nothing. A refused
 * entry (assertActivity) fails the action.
 */
export function activityEntry(
  deps: { readonly activity?: ActivityStore; readonly now?: () => Date },
  draft: ActivityDraft,
): NewActivity | undefined {
  if (deps.activity === undefined) return undefined
  return { ...draft, details: draft.details ?? {}, at: deps.now?.() ?? new Date() }
}
