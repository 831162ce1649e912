/** The Load API's answer (docs/registry-api.md, "Load API"), shared by the server and clients. */
import * as z from 'zod/v4/mini'
import { fileDocumentSchema } from './documents.js'
import { servedSignaturesSchema } from './signature-documents.js'
import type { WireType } from './wire-schema.js'

/**
 * `GET /v1/load/:name`: the resolved version's content. `files` sorted by the UTF-8 bytes of the
 * path, SKILL.md included; `body` is SKILL.md after its frontmatter. `signatures` is absent for
 * versions that carry none (published before signing and not signed since).
 */
export const loadResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  integrity: z.string(),
  description: z.string(),
  frontmatter: z.record(z.string(), z.unknown()),
  body: z.string(),
  files: z.array(fileDocumentSchema),
  signatures: z.optional(servedSignaturesSchema),
})
export type LoadResponse = WireType<typeof loadResponseSchema>
