import { SkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Context, Hono } from 'hono'
import type { RegistryEnv } from '../app/registry-env.js'
import type {
  ExperimentLoadOutcome,
  ExperimentSkillLoader,
} from '../experiments/experiment-loader.js'
import { readHeader } from '../http/read-header.js'
import { skillFileHeaders } from '../load/file-content-type.js'
import type { LoadRequest, SkillLoader } from '../load/skill-loader.js'

const filesPrefix = '/files/'

/**
 * `GET /v1/load/:name?range=&tag=`: the resolved skill (name, version, frontmatter, body, files
 * with sha256) with a strong ETag; `GET /v1/load/:name/files/*path`: one file's bytes, ETag
 * `"sha256-<hex>"`. Both resolve through the loader (its caches and the registry's access rules)
 * and answer 304 to a matching If-None-Match. Public skills may be cached for 30 s, private ones
 * only by the caller. The JSON answer is sent byte for byte as the fast path
 * (http/load-fast-path.ts) sends it. While the skill runs an experiment, the loader serves the
 * arm of `X-Skillship-User` and the answer names it (`x-skillship-experiment`,
 * `x-skillship-variant`; private to the caller).
 */
export function registerLoadRoutes(
  app: Hono<RegistryEnv>,
  loader: SkillLoader | ExperimentSkillLoader,
): void {
  app.get('/v1/load/:name', async (c) => {
    const loaded = await loader.load(loadRequest(c, c.req.param('name'), true))
    const { skill } = loaded
    experimentHeaders(c, loaded)
    c.header('etag', skill.etag)
    c.header('cache-control', cacheControl(loaded))
    if (readHeader(c, 'if-none-match') === skill.etag) return c.body(null, 304)
    c.header('content-type', 'application/json; charset=utf-8')
    return c.body(skill.json as Uint8Array<ArrayBuffer>)
  })

  app.get('/v1/load/:name/files/*', async (c) => {
    const name = c.req.param('name')
    const path = filePath(c, name)
    const loaded = await loader.load(loadRequest(c, name, false))
    const { skill } = loaded
    experimentHeaders(c, loaded)
    const file = skill.files.find((candidate) => candidate.path === path)
    if (file === undefined) {
      throw new SkillshipError(
        ServeErrorCode.FileNotFound,
        `${skill.name}@${skill.version} has no file '${path}'`,
        { hint: `GET /v1/load/${skill.name} lists its files.` },
      )
    }
    const etag = `"sha256-${file.sha256}"`
    c.header('etag', etag)
    c.header('cache-control', cacheControl(loaded))
    if (readHeader(c, 'if-none-match') === etag) return c.body(null, 304)
    for (const [header, value] of Object.entries(skillFileHeaders(file.path)))
      c.header(header, value)
    return c.body(file.bytes as Uint8Array<ArrayBuffer>)
  })
}

function loadRequest(c: Context<RegistryEnv>, name: string, counted: boolean): LoadRequest {
  const range = c.req.query('range')
  const tag = c.req.query('tag')
  const user = readHeader(c, 'x-skillship-user')
  return {
    name,
    principal: c.get('principal'),
    counted,
    ...(range === undefined || range === '' ? {} : { range }),
    ...(tag === undefined || tag === '' ? {} : { tag }),
    ...(user === undefined ? {} : { user }),
  }
}

// Shared caches may keep a public answer for 30 s; a private one, or one that depends on the
// caller's experiment arm, is for the caller only.
export function cacheControl(loaded: ExperimentLoadOutcome): string {
  const perCaller = loaded.private === true || loaded.perUser === true
  return perCaller ? 'private, no-cache' : 'public, max-age=30'
}

function experimentHeaders(c: Context<RegistryEnv>, loaded: ExperimentLoadOutcome): void {
  if (loaded.experiment === undefined) return
  c.header('x-skillship-experiment', loaded.experiment.key)
  c.header('x-skillship-variant', loaded.experiment.variant)
}

// The file path as sent, percent-decoded once; the lookup is an exact match against the
// version's recorded paths, so nothing outside the skill can ever be named.
function filePath(c: Context<RegistryEnv>, name: string): string {
  const raw = new URL(c.req.url).pathname
  const start = raw.indexOf(filesPrefix, '/v1/load/'.length) + filesPrefix.length
  try {
    return decodeURIComponent(raw.slice(start))
  } catch (error) {
    throw new SkillshipError(
      ServeErrorCode.FileNotFound,
      `'${raw.slice(start)}' is not a valid path of ${name}`,
      { hint: 'Percent-encode the path as UTF-8.', cause: error },
    )
  }
}
