import type { CallToolResult, Tool } from '@modelcontextprotocol/sdk/types.js'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import { isValidTag } from '@skillship/registry-client'
import { z } from 'zod/v4'
import type { McpContext } from './mcp-context.js'
import { invalidParams, isBadInput, isNotServed } from './mcp-errors.js'
import { privateNamePatterns, type ServedSkill } from './skill-catalog.js'
import { digestOf, fileContents, findFile, servedMeta } from './skill-resources.js'
import { formatSkillUri, skillMdPath, skillMdUri } from './skill-uri.js'

const name = z.string().min(1).max(200).describe('The skill name, e.g. pdf-processing.')
const version = z
  .string()
  .min(1)
  .max(200)
  .optional()
  .describe('A semver range (^1.2), an exact version or a dist-tag; default latest.')

const searchInput = z.object({
  query: z
    .string()
    .max(200)
    .describe('Text to find in skill names and descriptions; an empty string lists every skill.'),
  limit: z
    .number()
    .int()
    .min(1)
    .max(50)
    .optional()
    .describe('At most this many skills (default 20).'),
})
const loadInput = z.object({ name, version })
const readInput = z.object({
  name,
  path: z
    .string()
    .min(1)
    .max(1000)
    .describe('The file path inside the skill, as load_skill lists it, e.g. references/FORMS.md.'),
  version,
})

const readOnly = { readOnlyHint: true, idempotentHint: true, openWorldHint: false } as const

function inputSchema(schema: z.ZodObject): Tool['inputSchema'] {
  return z.toJSONSchema(schema) as Tool['inputSchema']
}

/** The tools for clients without native skills support (SkillPort-style). */
export const skillTools: readonly Tool[] = [
  {
    name: 'search_skills',
    title: 'Search skills',
    description:
      'Find skills in this registry by name or description. Returns each skill name, description, latest version and skill:// URI; load one with load_skill.',
    inputSchema: inputSchema(searchInput),
    annotations: readOnly,
  },
  {
    name: 'load_skill',
    title: 'Load a skill',
    description:
      "Load a skill's SKILL.md instructions, plus the list of its other files (path, size, sha256 digest); read those with read_skill_file.",
    inputSchema: inputSchema(loadInput),
    annotations: readOnly,
  },
  {
    name: 'read_skill_file',
    title: 'Read a skill file',
    description:
      'Read one file of a skill (a reference, script, template or asset) by its path inside the skill. Text comes back as text, binary files as base64.',
    inputSchema: inputSchema(readInput),
    annotations: readOnly,
  },
]

/**
 * Runs a tool. Unknown tools are -32602 (a protocol error); bad arguments, unknown skills and files
 * are tool results with `isError`, so the model can correct itself. A private skill the caller may
 * not read gets the same answer as one that does not exist.
 */
export async function callSkillTool(
  context: McpContext,
  tool: string,
  args: Record<string, unknown> | undefined,
): Promise<CallToolResult> {
  switch (tool) {
    case 'search_skills':
      return await withArguments(searchInput, args, (input) => searchSkills(context, input))
    case 'load_skill':
      return await withArguments(loadInput, args, (input) => loadSkill(context, input))
    case 'read_skill_file':
      return await withArguments(readInput, args, (input) => readSkillFile(context, input))
    default:
      throw invalidParams(`Unknown tool: ${tool}`)
  }
}

async function withArguments<Schema extends z.ZodObject>(
  schema: Schema,
  args: Record<string, unknown> | undefined,
  run: (input: z.output<Schema>) => Promise<CallToolResult>,
): Promise<CallToolResult> {
  const parsed = schema.safeParse(args ?? {})
  if (!parsed.success) return toolError(`Invalid arguments:\n${z.prettifyError(parsed.error)}`)
  return await run(parsed.data)
}

async function searchSkills(
  context: McpContext,
  input: z.output<typeof searchInput>,
): Promise<CallToolResult> {
  const rows = await context.deps.metadata.searchSkills({
    q: input.query,
    limit: input.limit ?? 20,
    privateNamePatterns: privateNamePatterns(context.principal),
  })
  const skills = rows.map((row) => ({
    name: row.name,
    description: row.description,
    version: row.latest,
    uri: skillMdUri(row.name),
  }))
  return {
    content: [{ type: 'text', text: JSON.stringify({ skills }, null, 2) }],
    structuredContent: { skills },
  }
}

async function loadSkill(
  context: McpContext,
  input: z.output<typeof loadInput>,
): Promise<CallToolResult> {
  const served = await loadRequested(context, input.name, input.version, true)
  if ('content' in served) return served
  const { skill, meta } = served
  const skillMd = findFile(skill, skillMdPath)
  const files = skill.files.map((file) => ({
    path: file.path,
    uri: formatSkillUri(skill.name, file.path),
    size: file.size,
    digest: digestOf(file),
  }))
  const manifest = { name: skill.name, version: skill.version, uri: skillMdUri(skill.name), files }
  return {
    content: [
      {
        type: 'text',
        text: skillMd === undefined ? skill.body : decodeSkillMd(skillMd.bytes).text,
      },
      {
        type: 'text',
        text: `Files of ${skill.name}@${skill.version} (read one with read_skill_file { name, path }; relative links in SKILL.md resolve against the skill root):\n${JSON.stringify(manifest, null, 2)}`,
      },
    ],
    structuredContent: manifest,
    ...withMeta(meta),
  }
}

async function readSkillFile(
  context: McpContext,
  input: z.output<typeof readInput>,
): Promise<CallToolResult> {
  const served = await loadRequested(context, input.name, input.version, false)
  if ('content' in served) return served
  const { skill, meta } = served
  const path = input.path.replace(/^(\.\/)+/, '')
  const file = findFile(skill, path)
  if (file === undefined) {
    return toolError(
      `${skill.name}@${skill.version} has no file '${input.path}'. load_skill lists its files.`,
    )
  }
  const contents = fileContents(skill, file)
  const about = {
    name: skill.name,
    version: skill.version,
    path: file.path,
    uri: contents.uri,
    mimeType: contents.mimeType,
    size: file.size,
    digest: digestOf(file),
  }
  return {
    content: [
      'text' in contents
        ? { type: 'text', text: contents.text }
        : { type: 'resource', resource: contents },
    ],
    structuredContent: about,
    ...withMeta(meta),
  }
}

// The signatures and experiment arm of the tool's skill, as the result's `_meta` (nothing when
// there is neither).
function withMeta(meta: Readonly<Record<string, unknown>>): { _meta?: Record<string, unknown> } {
  return Object.keys(meta).length === 0 ? {} : { _meta: { ...meta } }
}

// The skill at `version` (range, exact version or dist-tag), or the tool error to answer: the
// same "no skill" whether it does not exist or the caller may not see it, or the loader's message
// for a malformed version. `counted` as in loadLatest.
async function loadRequested(
  context: McpContext,
  skillName: string,
  requested: string | undefined,
  counted: boolean,
): Promise<ServedSkill | CallToolResult> {
  try {
    const outcome = await context.loader.load({
      name: skillName,
      principal: context.principal,
      ...(context.user === undefined ? {} : { user: context.user }),
      counted,
      ...(requested === undefined
        ? {}
        : isValidTag(requested)
          ? { tag: requested }
          : { range: requested }),
    })
    return { skill: outcome.skill, meta: servedMeta(outcome) }
  } catch (error) {
    if (isNotServed(error)) return notFound(skillName, requested)
    if (isBadInput(error) && error instanceof Error) return toolError(error.message)
    throw error
  }
}

function notFound(skillName: string, requested: string | undefined): CallToolResult {
  const which = requested === undefined ? '' : ` matching '${requested}'`
  return toolError(`No skill '${skillName}'${which}. Find skills with search_skills.`)
}

/** A tool result the model sees as a failure. */
function toolError(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true }
}
