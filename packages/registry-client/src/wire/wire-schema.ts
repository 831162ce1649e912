/**
 * What every wire schema shares: the document type inferred from a schema (deeply readonly, as
 * documents are values to read, not to edit), and one check that says where a value is wrong.
 *
 * The schemas use zod's v4 "mini" build (`zod/v4/mini`, the copy the server already has through
 * the MCP SDK): tree-shakable functions instead of methods, so a CLI bundle carries only the
 * checks it uses. Measured by `bench/wire-parse.ts`.
 */
import * as z from 'zod/v4/mini'

type DeepReadonly<T> = T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T

/** The document type a wire schema describes (its parsed output, deeply readonly). */
export type WireType<S extends z.ZodMiniType> = DeepReadonly<z.output<S>>

/** A checked value, or where and how it is wrong. */
export type WireCheck<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly path: string; readonly problem: string }

/**
 * Checks `value` against `schema`: the parsed value (unknown fields dropped), or the first
 * problem with its path (`versions["1.0.0"].dist.size`, `` for the value itself).
 */
export function checkWire<S extends z.ZodMiniType>(
  schema: S,
  value: unknown,
): WireCheck<WireType<S>> {
  const result = z.safeParse(schema, value)
  if (result.success) return { ok: true, value: result.data as WireType<S> }
  const issue = result.error.issues[0]
  return {
    ok: false,
    path: formatWirePath(issue?.path ?? []),
    problem: issue?.message ?? 'is invalid',
  }
}

const identifier = /^[A-Za-z_$][\w$]*$/

/** A JSON path as a reader writes it: `a.b[0]["1.0.0"]`. */
export function formatWirePath(path: readonly PropertyKey[]): string {
  let text = ''
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`
    else if (typeof key === 'string' && identifier.test(key)) text += text === '' ? key : `.${key}`
    else text += `[${JSON.stringify(String(key))}]`
  }
  return text
}
