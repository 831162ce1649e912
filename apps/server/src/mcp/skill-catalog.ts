import type { Resource } from '@modelcontextprotocol/sdk/types.js'
import { isSkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'
import type { Principal } from '../app/registry-env.js'
import type { LoadedFile, LoadedSkill } from '../load/loaded-skill.js'
import type { McpContext } from './mcp-context.js'
import { invalidParams, isNotServed, toJsonRpcError } from './mcp-errors.js'
import { decodePageCursor, encodePageCursor } from './page-cursor.js'
import {
  directoryChildren,
  fileContents,
  fileResource,
  findFile,
  type SkillEntry,
  servedMeta,
  skillEntry,
} from './skill-resources.js'
import { parseSkillUri, type SkillUri, skillMdPath } from './skill-uri.js'

/**
 * The globs of private skill names the caller may list, exactly as `GET /v1/skills` computes them
 * (routes/skill-routes.ts): admin sees every private skill, read and publish scopes their names.
 */
export function privateNamePatterns(principal: Principal): string[] {
  return principal.scopes.flatMap((scope) => (scope.kind === 'admin' ? ['*'] : [scope.pattern]))
}

/**
 * The latest version of `name` as the caller may read it (the loader checks access). `counted`
 * says whether this load is a request for the skill itself (reading its SKILL.md), which feeds the
 * most-loaded ranking warm-up uses; listings and supporting files are not.
 */
export async function loadLatest(
  context: McpContext,
  name: string,
  counted: boolean,
): Promise<ServedSkill> {
  const outcome = await context.loader.load({
    name,
    principal: context.principal,
    ...(context.user === undefined ? {} : { user: context.user }),
    counted,
  })
  return { skill: outcome.skill, meta: servedMeta(outcome) }
}

/** A loaded skill and the `_meta` of its load (servedMeta: signatures, experiment arm). */
export interface ServedSkill {
  readonly skill: LoadedSkill
  readonly meta: Readonly<Record<string, unknown>>
}

/**
 * `skills/list`: one page of the skills the caller may read, by name, each entry with every file's
 * digest (an entry is never split across pages). A skill that cannot be loaded right now (no
 * `latest`, broken bytes) is left out: SEP-2640 allows partial listings.
 */
export async function listSkills(
  context: McpContext,
  cursor: string | undefined,
): Promise<{ skills: SkillEntry[]; nextCursor?: string }> {
  const after = decodePageCursor(cursor, 1)?.[0]
  const size = context.skillsPageSize
  const rows = await context.deps.metadata.searchSkills({
    q: '',
    limit: size + 1,
    ...(after === undefined ? {} : { after }),
    privateNamePatterns: privateNamePatterns(context.principal),
  })
  const page = rows.slice(0, size)
  const loaded = await Promise.all(page.map(async (row) => await tryLoadLatest(context, row.name)))
  const skills = loaded
    .filter((served) => served !== undefined)
    .map((served) => skillEntry(served.skill, served.meta))
  const last = page[page.length - 1]
  return rows.length > size && last
    ? { skills, nextCursor: encodePageCursor([last.name]) }
    : { skills }
}

/** `skills/get`: the entry of the skill whose SKILL.md is `uri`, listed or not. */
export async function getSkill(context: McpContext, uri: string): Promise<{ skill: SkillEntry }> {
  const parsed = parseSkillUri(uri)
  const unknown = `Unknown skill: ${uri}`
  if (parsed === undefined || parsed.path !== skillMdPath) throw invalidParams(unknown)
  try {
    const served = await loadLatest(context, parsed.name, false)
    return { skill: skillEntry(served.skill, served.meta) }
  } catch (error) {
    throw toJsonRpcError(error, unknown, context.report)
  }
}

/** `resources/read` of one file of a skill's latest version. */
export async function readSkillResource(
  context: McpContext,
  uri: string,
): Promise<{ contents: ReturnType<typeof fileContents>[]; _meta?: Record<string, unknown> }> {
  const { skill, parsed, meta } = await loadForUri(
    context,
    uri,
    `Unknown resource: ${uri}`,
    (path) => path === skillMdPath,
  )
  const file = findFile(skill, parsed.path)
  if (file === undefined) {
    const isDirectory = directoryChildren(skill, parsed.path) !== undefined
    throw invalidParams(
      isDirectory
        ? `${uri} is a directory: list it with resources/directory/read`
        : `Unknown resource: ${uri}`,
    )
  }
  const contents = [fileContents(skill, file)]
  return Object.keys(meta).length === 0 ? { contents } : { contents, _meta: { ...meta } }
}

/** `resources/directory/read`: the direct children of a skill's root or of a folder in it. */
export async function readSkillDirectory(
  context: McpContext,
  uri: string,
  cursor: string | undefined,
): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const after = decodePageCursor(cursor, 1)?.[0]
  const { skill, parsed } = await loadForUri(context, uri, `Unknown directory: ${uri}`, () => false)
  const children = directoryChildren(skill, parsed.path)
  if (children === undefined) {
    throw invalidParams(
      findFile(skill, parsed.path) === undefined
        ? `Unknown directory: ${uri}`
        : `${uri} is a file, not a directory: read it with resources/read`,
    )
  }
  const rest = after === undefined ? children : children.filter((child) => child.uri > after)
  const page = rest.slice(0, context.resourcesPageSize)
  const last = page[page.length - 1]
  return rest.length > page.length && last
    ? { resources: page, nextCursor: encodePageCursor([last.uri]) }
    : { resources: page }
}

/**
 * `resources/list`: every file of the latest version of every skill the caller may read, skill by
 * skill (by name), file by file (by path), paginated across skills.
 */
export async function listSkillResources(
  context: McpContext,
  cursor: string | undefined,
): Promise<{ resources: Resource[]; nextCursor?: string }> {
  const position = decodePageCursor(cursor, 2)
  const wanted = context.resourcesPageSize + 1
  const found: { readonly name: string; readonly path: string; readonly resource: Resource }[] = []
  const add = (skill: LoadedSkill, files: readonly LoadedFile[]): boolean => {
    for (const file of files) {
      found.push({ name: skill.name, path: file.path, resource: fileResource(skill, file) })
      if (found.length === wanted) return true
    }
    return false
  }
  let full = false
  if (position !== undefined) {
    const [name = '', lastPath = ''] = position
    const skill = (await tryLoadLatest(context, name))?.skill
    if (skill !== undefined) full = add(skill, filesAfter(skill, lastPath))
  }
  if (!full) {
    for await (const skill of visibleSkills(context, position?.[0])) {
      if (add(skill, skill.files)) break
    }
  }
  const page = found.slice(0, context.resourcesPageSize)
  const last = page[page.length - 1]
  const resources = page.map((item) => item.resource)
  return found.length > page.length && last
    ? { resources, nextCursor: encodePageCursor([last.name, last.path]) }
    : { resources }
}

// Skills the caller may list, loaded one at a time, in name order after `after`.
async function* visibleSkills(
  context: McpContext,
  after: string | undefined,
): AsyncGenerator<LoadedSkill> {
  const batch = 50
  let cursor = after
  for (;;) {
    const rows = await context.deps.metadata.searchSkills({
      q: '',
      limit: batch,
      ...(cursor === undefined ? {} : { after: cursor }),
      privateNamePatterns: privateNamePatterns(context.principal),
    })
    for (const row of rows) {
      const skill = (await tryLoadLatest(context, row.name))?.skill
      if (skill !== undefined) yield skill
    }
    const last = rows[rows.length - 1]
    if (rows.length < batch || last === undefined) return
    cursor = last.name
  }
}

function filesAfter(skill: LoadedSkill, lastPath: string): readonly LoadedFile[] {
  const index = skill.files.findIndex((file) => file.path === lastPath)
  if (index !== -1) return skill.files.slice(index + 1)
  return skill.files.filter((file) => file.path > lastPath)
}

async function loadForUri(
  context: McpContext,
  uri: string,
  unknown: string,
  counted: (path: string) => boolean,
): Promise<ServedSkill & { parsed: SkillUri }> {
  const parsed = parseSkillUri(uri)
  if (parsed === undefined) throw invalidParams(unknown)
  try {
    return { ...(await loadLatest(context, parsed.name, counted(parsed.path))), parsed }
  } catch (error) {
    throw toJsonRpcError(error, unknown, context.report)
  }
}

// Undefined for a skill that is gone, hidden or has no `latest`, and for broken stored bytes
// (reported); storage outages still fail the request.
async function tryLoadLatest(context: McpContext, name: string): Promise<ServedSkill | undefined> {
  try {
    return await loadLatest(context, name, false)
  } catch (error) {
    if (isNotServed(error)) return undefined
    if (isSkillshipError(error) && error.code === ServeErrorCode.LoadFailed) {
      context.report(error)
      return undefined
    }
    throw error
  }
}
