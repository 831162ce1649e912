import type { ActivityAction } from '@skillship/registry-client'
import type { Logger } from 'pino'
import type { ActivityStore } from './activity-store.js'

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
 * actions not yet logged inside their own transaction (tags, deprecate, yank, visibility, tokens,
 * experiments, and `audit.rejudge` for re-audits); a publish writes its entry in the version's
 * transaction instead (NewVersion.activity). Never rejects: the action has happened, so a log
 * write that fails is logged at error with the entry (and counted nowhere else) instead of
 * failing the request. A failed action reaches no hook, so it logs nothing.
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
