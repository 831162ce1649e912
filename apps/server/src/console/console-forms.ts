import { SkillshipError } from '@skillship/core'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Context } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import { readLimitedBody } from '../http/read-limited-body.js'
import { csrfMatches } from './session.js'

/** Console forms are small: a token, an experiment's fields. */
const maxFormBytes = 16 * 1024

/** A posted form's fields (last value wins), read within {@link maxFormBytes}. */
export async function readForm(c: Context<RegistryEnv>): Promise<Record<string, string>> {
  const bytes = await readLimitedBody(c, maxFormBytes)
  return Object.fromEntries(new URLSearchParams(new TextDecoder().decode(bytes)))
}

/**
 * Every state change: the request must come from our own pages (`Sec-Fetch-Site` when the
 * browser sends it, `Origin` against `Host` when present) and carry the expected CSRF value.
 * SameSite=Strict cookies already keep cross-site posts anonymous; this refuses them outright.
 */
export function checkCsrf(
  c: Context<RegistryEnv>,
  form: Readonly<Record<string, string>>,
  expected: string | undefined,
): void {
  const site = c.req.header('sec-fetch-site')
  if (site !== undefined && site !== 'same-origin' && site !== 'none') {
    throw rejected(`the form was posted from a ${site} page`)
  }
  const origin = c.req.header('origin')
  if (origin !== undefined && origin !== 'null') {
    let host: string
    try {
      host = new URL(origin).host
    } catch (error) {
      throw rejected('the Origin header is not a URL', error)
    }
    if (host !== c.req.header('host')) throw rejected(`the form was posted from ${origin}`)
  } else if (origin === 'null') {
    throw rejected('the form was posted from an opaque origin')
  }
  if (!csrfMatches(expected, form['csrf'])) throw rejected('the CSRF value is missing or stale')
}

function rejected(why: string, cause?: unknown): SkillshipError {
  return new SkillshipError(ServeErrorCode.CsrfRejected, `Form refused: ${why}`, {
    hint: 'Reload the page and submit the form again.',
    ...(cause === undefined ? {} : { cause }),
  })
}
