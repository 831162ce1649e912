import type { ActivityAction } from '@skillship/registry-client'
import type { Logger } from 'pino'
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
 * Appends one entry to the activity log, after its action committed. The hook point of the
 * actions not yet logged inside their own transaction (experiments); publish, tags, deprecate,
 * yank, visibility and tokens pass their entry (made by {@link activityEntry}) to the store
 * method that writes the action, which appends it in the action's transaction. Never rejects:
 * the action has happened, so a log write that fails is logged at error with the entry (and
 * counted nowhere else) instead of failing the request. A failed action reaches no hook, so it
 * logs nothing.
 */
export type ActivityRecorder = (draft: ActivityDraft) => Promise<void>

/** The recorder over `activity` (absent: records nothing). */
export function createActivityRecorder(deps: {
  readonly activity?: ActivityStore
  readonly logger: Logger
  readonly now?: () => Date
}): ActivityRecorder {
  const { activity, logger } = deps
  return async (draft) => {
    if (activity === undefined) return
    const entry = { ...draft, details: draft.details ?? {}, at: deps.now?.() ?? new Date() }
    try {
      await activity.appendActivity(entry)
    } catch (error) {
      logger.error({ err: error, activity: entry }, 'activity entry not recorded')
    }
  }
}

/**
 * The entry of an action about to be written, for the store method that appends it in the
 * action's transaction; undefined when the server keeps no activity log.
 */
export function activityEntry(
  deps: { readonly activity?: ActivityStore; readonly now?: () => Date },
  draft: ActivityDraft,
): NewActivity | undefined {
  if (deps.activity === undefined) return undefined
  return { ...draft, details: draft.details ?? {}, at: deps.now?.() ?? new Date() }
}
