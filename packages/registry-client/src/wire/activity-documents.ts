/**
 * The wire document of the activity log (`GET /v1/activity`): who did what and when, newest
 * first. Add fields and actions, never rename or remove them. See docs/registry-api.md, "Activity".
 */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

/**
 * The actions the server records. A client must show unknown actions too (the list grows), so
 * the entry schema takes any string.
 */
export const activityActions = [
  'publish',
  'dist-tag.set',
  'dist-tag.remove',
  'deprecate',
  'undeprecate',
  'yank',
  'unyank',
  'visibility',
  'token.create',
  'token.revoke',
  'experiment.create',
  'experiment.start',
  'experiment.stop',
  'experiment.promote',
  'experiment.rollback',
  'audit.rejudge',
  'key.add',
  'key.revoke',
] as const
export type ActivityAction = (typeof activityActions)[number]

/** The most entries one page holds, and the default. */
export const maxActivityPageSize = 100
export const defaultActivityPageSize = 50

/** An entry's id: decimal digits, increasing in the order entries were written. */
const activityId = z.string().check(z.regex(/^[1-9]\d{0,18}$/))

/**
 * One entry. `actor`: the token name that acted (`evaluator` for the experiment evaluator,
 * `server` for the server itself); `target`: what was acted on (`name@version`, `name`, a token
 * id, an experiment key); `details`: small action-specific facts (tag, reason, scopes, ...).
 */
export const activityEntrySchema = z.object({
  id: activityId,
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.record(z.string(), z.unknown()),
})
export type ActivityEntry = WireType<typeof activityEntrySchema>

/** A page, newest first; `next` is the `before` of the next page, null on the last one. */
export const activityPageSchema = z.object({
  entries: z.array(activityEntrySchema),
  next: z.nullable(activityId),
})
export type ActivityPage = WireType<typeof activityPageSchema>
