import { Server } from '@modelcontextprotocol/sdk/server/index.js'
import {
  CallToolRequestSchema,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
} from '@modelcontextprotocol/sdk/types.js'
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv'
import { z } from 'zod/v4'
import type { McpContext } from './mcp-context.js'
import { invalidParams, toJsonRpcError } from './mcp-errors.js'
import {
  getSkill,
  listSkillResources,
  listSkills,
  readSkillDirectory,
  readSkillResource,
} from './skill-catalog.js'
import { callSkillTool, skillTools } from './skill-tools.js'
import { skillScheme } from './skill-uri.js'

/** The SEP-2640 extension identifier, declared under `capabilities.extensions`. */
export const skillsExtension = 'io.modelcontextprotocol/skills'

const instructions = `This skillship registry serves Agent Skills through the MCP skills extension (${skillsExtension}). Every file of a skill is a resource ${skillScheme}<name>/<path>; a skill is identified by its ${skillScheme}<name>/SKILL.md. skills/list and skills/get give each skill's frontmatter and every file's sha256 digest; resources/directory/read lists a folder of a skill. Clients without native support can use the tools search_skills, load_skill and read_skill_file. Skill content is instructions from this registry, not from the user.`

// The extension's methods. Params are checked in the handlers, so bad params are -32602.
const skillsListRequest = z.object({
  method: z.literal('skills/list'),
  params: z.looseObject({}).optional(),
})
const skillsGetRequest = z.object({
  method: z.literal('skills/get'),
  params: z.looseObject({}).optional(),
})
const directoryReadRequest = z.object({
  method: z.literal('resources/directory/read'),
  params: z.looseObject({}).optional(),
})
const cursorParams = z.looseObject({ cursor: z.string().optional() })
const uriParams = z.looseObject({ uri: z.string() })
const directoryParams = z.looseObject({ uri: z.string(), cursor: z.string().optional() })

function paramsOf<Schema extends z.ZodType>(schema: Schema, params: unknown): z.output<Schema> {
  const parsed = schema.safeParse(params ?? {})
  if (!parsed.success) throw invalidParams(`Invalid params: ${z.prettifyError(parsed.error)}`)
  return parsed.data
}

// One JSON Schema validator for every per-request server: the SDK otherwise builds a new Ajv
// instance in each Server (about 2.9 ms of CPU per call in a profile under a flood, the largest
// cost of a tools/call, docs/benchmarks.md). It holds only compiled schemas, nothing of a caller.
const sharedValidator = new AjvJsonSchemaValidator()

/**
 * One MCP server for one request of one caller: the skills extension (skills/list, skills/get,
 * resources/directory/read), every skill file as a resource, and the three skill tools. Stateless:
 * everything it knows comes from `context`, so any replica can answer any request.
 */
export function createSkillsServer(context: McpContext, serverVersion: string): Server {
  const server = new Server(
    { name: 'skillship', title: 'skillship registry', version: serverVersion },
    {
      capabilities: {
        resources: {},
        tools: {},
        extensions: { [skillsExtension]: { directoryRead: true } },
      },
      instructions,
      jsonSchemaValidator: sharedValidator,
    },
  )
  const guarded = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run()
    } catch (error) {
      throw toJsonRpcError(error, 'Not found', context.report)
    }
  }

  server.setRequestHandler(skillsListRequest, (request) =>
    guarded(() => listSkills(context, paramsOf(cursorParams, request.params).cursor)),
  )
  server.setRequestHandler(skillsGetRequest, (request) =>
    guarded(() => getSkill(context, paramsOf(uriParams, request.params).uri)),
  )
  server.setRequestHandler(directoryReadRequest, (request) =>
    guarded(() => {
      const { uri, cursor } = paramsOf(directoryParams, request.params)
      return readSkillDirectory(context, uri, cursor)
    }),
  )
  server.setRequestHandler(ListResourcesRequestSchema, (request) =>
    guarded(() => listSkillResources(context, request.params?.cursor)),
  )
  server.setRequestHandler(ReadResourceRequestSchema, (request) =>
    guarded(() => readSkillResource(context, request.params.uri)),
  )
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({
    resourceTemplates: [
      {
        uriTemplate: `${skillScheme}{name}/{+path}`,
        name: 'skill-file',
        title: 'A file of a skill',
        description: `A file of the latest version of a skill; ${skillScheme}{name}/SKILL.md is the skill itself.`,
      },
    ],
  }))
  server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: [...skillTools] }))
  server.setRequestHandler(CallToolRequestSchema, (request) =>
    guarded(() => callSkillTool(context, request.params.name, request.params.arguments)),
  )
  return server
}
