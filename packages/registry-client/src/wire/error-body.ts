/** The body of every error answer, both ways (see documents.ts for the wire conventions). */
import * as z from 'zod/v4/mini'
import type { WireType } from './wire-schema.js'

const nonEmpty = z.string().check(z.minLength(1))

/** Every error answer: `{ "error": { code, message, hint?, details? } }`. */
export const errorBodySchema = z.object({
  error: z.object({
    code: nonEmpty,
    message: z.string(),
    hint: z.optional(z.string()),
    details: z.optional(z.record(z.string(), z.unknown())),
  }),
})
export type ErrorBody = WireType<typeof errorBodySchema>
