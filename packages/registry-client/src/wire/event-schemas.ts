import * as z from 'zod/v4/mini'

// The `POST /v1/events` body as one schema the server validates with and the client checks
// before sending (zod mini, like every wire schema: wire-schema.ts says why).

/** Most events one `POST /v1/events` may carry. */
export const maxEventsPerRequest = 1000
/** Experiment keys: lowercase, digits and dashes, 1..63 characters. */
export const experimentKeyPattern = /^[a-z0-9][a-z0-9-]{0,62}$/
/** Metric names (`success`, `load_time_ms`, `error`, `task_error`). */
export const metricPattern = /^[a-z][a-z0-9_.-]{0,63}$/
/**
 * Metrics the server measures itself on every load of an exposed user: a posted value of them is
 * refused, so no client can put numbers into the guardrails the evaluator rolls back on.
 */
export const serverMeasuredMetrics: ReadonlySet<string> = new Set([
  'load_time_ms',
  'error',
  'load_time_ms.anonymous',
  'error.anonymous',
])

/** Metrics whose every value is 0 or 1 (analysed as proportions). */
export const binaryMetrics: ReadonlySet<string> = new Set(['success', 'error', 'error.anonymous'])
/**
 * Largest magnitude of a metric value: 1e9 ms is 11 days, 1e9 bytes a gigabyte. With it, Σx² of
 * 10^280 events would still be finite, so stored sums never overflow (finding 9 of issue 15).
 */
export const maxMetricValue = 1e9

const maxIdLength = 128
const maxUserLength = 256

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max))

/** One outcome event, as `OutcomeEvent` in experiment-documents.ts. */
export const outcomeEventSchema = z
  .object({
    id: text(maxIdLength),
    experiment: z.optional(z.string().check(z.regex(experimentKeyPattern))),
    skill: text(214),
    version: z.optional(text(256)),
    user: text(maxUserLength),
    metric: z.string().check(
      z.regex(metricPattern),
      z.refine((metric) => !serverMeasuredMetrics.has(metric), {
        message: 'is measured by the server itself and cannot be posted',
      }),
    ),
    value: z.number().check(z.gte(-maxMetricValue), z.lte(maxMetricValue)),
  })
  .check((context) => {
    const { metric, value } = context.value
    if (binaryMetrics.has(metric) && value !== 0 && value !== 1) {
      context.issues.push({
        code: 'custom',
        input: value,
        path: ['value'],
        message: `must be 0 or 1 for the 0/1 metric ${metric}`,
      })
    }
  })

/** `POST /v1/events` body: `{ events: OutcomeEvent[] }`, at most {@link maxEventsPerRequest}. */
export const eventsRequestSchema = z.object({
  events: z.array(outcomeEventSchema).check(z.maxLength(maxEventsPerRequest)),
})

/** Where the first problem of a body is: the event's index (absent for the body) and its field. */
export interface EventsProblem {
  readonly index?: number
  readonly field: string
  readonly message: string
}

/** Parses an events body; `problem` locates its first invalid event and field. */
export function parseEventsRequest(
  body: unknown,
):
  | { ok: true; events: z.infer<typeof outcomeEventSchema>[] }
  | { ok: false; problem: EventsProblem } {
  const parsed = eventsRequestSchema.safeParse(body)
  if (parsed.success) return { ok: true, events: parsed.data.events }
  const issue = parsed.error.issues[0]
  const [, index, field] = issue?.path ?? []
  if (typeof index !== 'number') {
    return {
      ok: false,
      problem: {
        field: 'events',
        message: 'The body must be { "events": [...] } with at most 1000 events',
      },
    }
  }
  const name = typeof field === 'string' ? field : 'event'
  return {
    ok: false,
    problem: {
      index,
      field: name,
      message: `events[${index}].${name} ${issue?.message ?? 'is invalid'}`,
    },
  }
}
