import { createHash } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod/v4'
import { packSkillFiles } from '../../test/mcp/pack-skill-files.js'
import { createTestRegistry, type TestRegistry } from '../../test/registry-harness.js'
import type { RegistryEnv } from '../app/registry-env.js'
import { errorResponse } from '../http/error-response.js'
import { requestContext } from '../http/request-context.js'
import { registerMcpRoute } from './register-mcp-route.js'

// One registry on real embedded storage, publishing through the real routes. /mcp is mounted on
// its own app over the same storage and the registry's own loader (subscribed to the invalidation
// bus), with small pages so pagination shows, and served on a real port; the clients are the
// SDK's own.

const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0xff, 0xfe, 0x80, 7])

const alphaFiles = {
  'references/GUIDE.md': '# Guide\r\nWith CRLF and ünïcode.\r\n',
  'templates/invoice.md': '# Invoice\n',
  'templates/purchase-order.md': '# Purchase order\n',
  'templates/regional/eu-invoice.md': '# EU invoice\n',
  'scripts/extract.py': 'print("extract")\n',
  'assets/logo.png': png,
}

const entrySchema = z.looseObject({
  uri: z.string(),
  frontmatter: z.record(z.string(), z.unknown()),
  resources: z.array(z.object({ uri: z.string(), digest: z.string() })),
})
type Entry = z.infer<typeof entrySchema>
const listSchema = z.looseObject({
  skills: z.array(entrySchema),
  nextCursor: z.string().optional(),
})
const getSchema = z.looseObject({ skill: entrySchema })
const resourceSchema = z.looseObject({
  uri: z.string(),
  name: z.string(),
  mimeType: z.string().optional(),
  _meta: z.record(z.string(), z.unknown()).optional(),
})
const directorySchema = z.looseObject({
  resources: z.array(resourceSchema),
  nextCursor: z.string().optional(),
})

let registry: TestRegistry
let http: Server
let url: URL
let readToken: string

beforeAll(async () => {
  registry = await createTestRegistry()
  const app = new Hono<RegistryEnv>()
  app.use('*', requestContext(registry.deps.logger))
  registerMcpRoute(app, registry.deps, registry.caches.loader, {
    skillsPageSize: 2,
    resourcesPageSize: 3,
  })
  app.onError((error, c) => errorResponse(error, c))
  const publish = async (name: string, tarball: Uint8Array, query = '') => {
    const answer = await registry.request('PUT', `/v1/skills/${name}${query}`, {
      token: registry.adminToken,
      body: tarball,
      headers: { 'content-type': 'application/gzip' },
    })
    expect(answer.status).toBe(201)
  }
  await publish(
    'alpha',
    await packSkillFiles('alpha', '1.0.0', alphaFiles, 'license: Apache-2.0\n'),
  )
  await publish('beta', await packSkillFiles('beta', '1.0.0'))
  await publish('beta', await packSkillFiles('beta', '1.1.0'))
  await publish('gamma', await packSkillFiles('gamma', '0.1.0'))
  await publish('secret', await packSkillFiles('secret', '1.0.0'), '?access=private')
  readToken = await registry.token(['read:secret'], 'reader')
  http = createServer(getRequestListener(app.fetch))
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve))
  url = new URL(`http://127.0.0.1:${(http.address() as AddressInfo).port}/mcp`)
})

afterAll(async () => {
  await new Promise<void>((resolve) => http.close(() => resolve()))
  await registry.close()
})

async function connect(token?: string): Promise<Client> {
  const client = new Client({ name: 'skillship-test', version: '1.0.0' })
  const headers: Record<string, string> =
    token === undefined ? {} : { authorization: `Bearer ${token}` }
  await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers } }))
  return client
}

async function withClient<T>(run: (client: Client) => Promise<T>, token?: string): Promise<T> {
  const client = await connect(token)
  try {
    return await run(client)
  } finally {
    await client.close()
  }
}

async function listAllSkills(client: Client): Promise<{ entries: Entry[]; pages: number }> {
  const entries: Entry[] = []
  let cursor: string | undefined
  let pages = 0
  do {
    const page = await client.request(
      { method: 'skills/list', params: cursor === undefined ? {} : { cursor } },
      listSchema,
    )
    pages += 1
    entries.push(...page.skills)
    cursor = page.nextCursor
  } while (cursor !== undefined)
  return { entries, pages }
}

const sha256 = (bytes: Uint8Array) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

async function readBytes(client: Client, uri: string) {
  const { contents } = await client.readResource({ uri })
  expect(contents).toHaveLength(1)
  const [content] = contents
  if (content === undefined) throw new Error('no content')
  expect(content.uri).toBe(uri)
  const bytes =
    'text' in content
      ? new TextEncoder().encode(content.text)
      : new Uint8Array(Buffer.from(content.blob, 'base64'))
  return { bytes, mimeType: content.mimeType, isText: 'text' in content }
}

async function rpcError(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught as { code: number; message: string },
  )
  if (error === undefined) throw new Error('expected a JSON-RPC error')
  return { code: error.code, message: error.message }
}

describe('MCP skills extension (SEP-2640) over Streamable HTTP', () => {
  it('declares the extension with directoryRead, resources and tools', async () => {
    await withClient(async (client) => {
      const capabilities = client.getServerCapabilities()
      expect(capabilities?.extensions).toEqual({
        'io.modelcontextprotocol/skills': { directoryRead: true },
      })
      expect(capabilities?.resources).toBeDefined()
      expect(capabilities?.tools).toBeDefined()
      expect(client.getInstructions()).toContain('skill://')
      const { resourceTemplates } = await client.listResourceTemplates()
      expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual([
        'skill://{name}/{+path}',
      ])
    })
  })

  it('lists every readable skill over several pages, each entry complete with digests', async () => {
    await withClient(async (client) => {
      const { entries, pages } = await listAllSkills(client)
      expect(pages).toBe(2)
      expect(entries.map((entry) => entry.uri)).toEqual([
        'skill://alpha/SKILL.md',
        'skill://beta/SKILL.md',
        'skill://gamma/SKILL.md',
      ])
      const alpha = entries[0]
      expect(alpha?.frontmatter).toMatchObject({
        name: 'alpha',
        description: 'Does alpha work. Use when alpha is needed.',
        license: 'Apache-2.0',
        metadata: { version: '1.0.0' },
      })
      expect(alpha?.resources.map((resource) => resource.uri).sort()).toEqual(
        ['SKILL.md', ...Object.keys(alphaFiles)].map((path) => `skill://alpha/${path}`).sort(),
      )
      for (const entry of entries) {
        expect(entry.resources.some((resource) => resource.uri === entry.uri)).toBe(true)
        for (const resource of entry.resources)
          expect(resource.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
      }
      expect(
        entries.find((entry) => entry.uri === 'skill://beta/SKILL.md')?.frontmatter,
      ).toMatchObject({
        metadata: { version: '1.1.0' },
      })
    })
  })

  it('reads every file of every listed skill and each matches its listed digest', async () => {
    await withClient(async (client) => {
      const { entries } = await listAllSkills(client)
      let files = 0
      for (const entry of entries) {
        for (const resource of entry.resources) {
          const read = await readBytes(client, resource.uri)
          expect(sha256(read.bytes), resource.uri).toBe(resource.digest)
          files += 1
        }
      }
      expect(files).toBe(1 + Object.keys(alphaFiles).length + 1 + 1)
      const skillMd = await readBytes(client, 'skill://alpha/SKILL.md')
      expect(skillMd).toMatchObject({ mimeType: 'text/markdown', isText: true })
      const logo = await readBytes(client, 'skill://alpha/assets/logo.png')
      expect(logo).toMatchObject({ mimeType: 'image/png', isText: false })
      expect(logo.bytes).toEqual(png)
      const guide = await readBytes(client, 'skill://alpha/references/GUIDE.md')
      expect(new TextDecoder().decode(guide.bytes)).toBe(alphaFiles['references/GUIDE.md'])
    })
  })

  it('gets any skill by URI, equal to its listing entry', async () => {
    await withClient(async (client) => {
      const { entries } = await listAllSkills(client)
      for (const entry of entries) {
        const { skill } = await client.request(
          { method: 'skills/get', params: { uri: entry.uri } },
          getSchema,
        )
        expect(skill).toEqual(entry)
      }
    })
  })

  it('lists every file as a resource over pages, with the same digests as skills/list', async () => {
    await withClient(async (client) => {
      const { entries } = await listAllSkills(client)
      const listed = new Map(
        entries.flatMap((entry) => entry.resources.map((r) => [r.uri, r.digest])),
      )
      const seen = new Map<string, unknown>()
      let cursor: string | undefined
      let pages = 0
      do {
        const page = await client.listResources(cursor === undefined ? {} : { cursor })
        expect(page.resources.length).toBeLessThanOrEqual(3)
        for (const resource of page.resources) {
          expect(seen.has(resource.uri)).toBe(false)
          seen.set(resource.uri, resource._meta?.['skillship/digest'])
        }
        cursor = page.nextCursor
        pages += 1
      } while (cursor !== undefined)
      expect(pages).toBe(Math.ceil(listed.size / 3))
      expect(seen).toEqual(listed)
      const { resources } = await client.listResources()
      expect(resources[0]).toMatchObject({
        uri: 'skill://alpha/SKILL.md',
        name: 'alpha',
        description: 'Does alpha work. Use when alpha is needed.',
        mimeType: 'text/markdown',
      })
    })
  })

  it('reads directories of a skill, paginated, subfolders as inode/directory', async () => {
    await withClient(async (client) => {
      const readDirectory = (uri: string, cursor?: string) =>
        client.request(
          {
            method: 'resources/directory/read',
            params: cursor === undefined ? { uri } : { uri, cursor },
          },
          directorySchema,
        )
      const first = await readDirectory('skill://alpha')
      expect(first.nextCursor).toBeDefined()
      const second = await readDirectory('skill://alpha', first.nextCursor)
      expect(second.nextCursor).toBeUndefined()
      expect([...first.resources, ...second.resources].map((r) => [r.uri, r.mimeType])).toEqual([
        ['skill://alpha/SKILL.md', 'text/markdown'],
        ['skill://alpha/assets', 'inode/directory'],
        ['skill://alpha/references', 'inode/directory'],
        ['skill://alpha/scripts', 'inode/directory'],
        ['skill://alpha/templates', 'inode/directory'],
      ])
      const templates = await readDirectory('skill://alpha/templates')
      expect(templates.resources.map((r) => [r.name, r.mimeType])).toEqual([
        ['invoice.md', 'text/markdown'],
        ['purchase-order.md', 'text/markdown'],
        ['regional', 'inode/directory'],
      ])
      expect(templates.resources[0]?._meta?.['skillship/digest']).toMatch(/^sha256:/)
      for (const uri of ['skill://alpha/SKILL.md', 'skill://alpha/nope', 'skill://nope']) {
        expect((await rpcError(readDirectory(uri))).code).toBe(-32602)
      }
    })
  })

  it('answers unknown skills, files and bad URIs with -32602', async () => {
    await withClient(async (client) => {
      const get = (uri: string) =>
        client.request({ method: 'skills/get', params: { uri } }, getSchema)
      for (const uri of [
        'skill://nope/SKILL.md',
        'skill://alpha/references/GUIDE.md',
        'skill://alpha',
        'https://alpha/SKILL.md',
      ]) {
        expect(await rpcError(get(uri))).toMatchObject({ code: -32602 })
      }
      expect(
        (await rpcError(client.request({ method: 'skills/get', params: {} }, getSchema))).code,
      ).toBe(-32602)
      for (const uri of [
        'skill://nope/SKILL.md',
        'skill://alpha/missing.md',
        'skill://alpha/templates',
      ]) {
        expect((await rpcError(client.readResource({ uri }))).code).toBe(-32602)
      }
      const badCursor = client.request(
        { method: 'skills/list', params: { cursor: 'garbage' } },
        listSchema,
      )
      expect((await rpcError(badCursor)).code).toBe(-32602)
    })
  })

  it('serves the three tools for clients without native support', async () => {
    await withClient(async (client) => {
      const { tools } = await client.listTools()
      expect(tools.map((tool) => tool.name)).toEqual([
        'search_skills',
        'load_skill',
        'read_skill_file',
      ])

      const search = await client.callTool({ name: 'search_skills', arguments: { query: 'alp' } })
      expect(search.structuredContent).toEqual({
        skills: [
          {
            name: 'alpha',
            description: 'Does alpha work. Use when alpha is needed.',
            version: '1.0.0',
            uri: 'skill://alpha/SKILL.md',
          },
        ],
      })

      const load = await client.callTool({ name: 'load_skill', arguments: { name: 'alpha' } })
      const loadContent = load.content as { type: string; text: string }[]
      expect(loadContent[0]?.text).toMatch(/^---\nname: alpha\n/)
      const manifest = load.structuredContent as {
        version: string
        files: { path: string; digest: string }[]
      }
      expect(manifest.version).toBe('1.0.0')
      expect(manifest.files.map((file) => file.path)).toContain('assets/logo.png')
      expect(loadContent[1]?.text).toContain(manifest.files[0]?.digest ?? 'missing')

      const pinned = await client.callTool({
        name: 'load_skill',
        arguments: { name: 'beta', version: '~1.0.0' },
      })
      expect((pinned.structuredContent as { version: string }).version).toBe('1.0.0')
      const tagged = await client.callTool({
        name: 'load_skill',
        arguments: { name: 'beta', version: 'latest' },
      })
      expect((tagged.structuredContent as { version: string }).version).toBe('1.1.0')

      const guide = await client.callTool({
        name: 'read_skill_file',
        arguments: { name: 'alpha', path: 'references/GUIDE.md' },
      })
      expect(guide.content).toEqual([{ type: 'text', text: alphaFiles['references/GUIDE.md'] }])
      const logo = await client.callTool({
        name: 'read_skill_file',
        arguments: { name: 'alpha', path: 'assets/logo.png' },
      })
      const [embedded] = logo.content as {
        type: string
        resource: { blob: string; mimeType: string }
      }[]
      expect(embedded?.type).toBe('resource')
      expect(new Uint8Array(Buffer.from(embedded?.resource.blob ?? '', 'base64'))).toEqual(png)
      expect(logo.structuredContent).toMatchObject({ digest: sha256(png), size: png.length })

      for (const [name, args] of [
        ['load_skill', { name: 'nope' }],
        ['read_skill_file', { name: 'alpha', path: 'missing.md' }],
        ['load_skill', { name: 'beta', version: '^9' }],
        ['load_skill', {}],
      ] as const) {
        const failed = await client.callTool({ name, arguments: args })
        expect(failed.isError, `${name} ${JSON.stringify(args)}`).toBe(true)
      }
      expect((await rpcError(client.callTool({ name: 'nope', arguments: {} }))).code).toBe(-32602)
    })
  })

  it('hides a private skill from anonymous callers everywhere, as if it did not exist', async () => {
    await withClient(async (client) => {
      const { entries } = await listAllSkills(client)
      expect(entries.map((entry) => entry.uri)).not.toContain('skill://secret/SKILL.md')
      const hidden = await rpcError(
        client.request(
          { method: 'skills/get', params: { uri: 'skill://secret/SKILL.md' } },
          getSchema,
        ),
      )
      const absent = await rpcError(
        client.request(
          { method: 'skills/get', params: { uri: 'skill://absent/SKILL.md' } },
          getSchema,
        ),
      )
      expect(hidden.code).toBe(absent.code)
      expect(hidden.message.replace('secret', 'X')).toBe(absent.message.replace('absent', 'X'))
      expect((await rpcError(client.readResource({ uri: 'skill://secret/SKILL.md' }))).code).toBe(
        -32602,
      )
      const search = await client.callTool({
        name: 'search_skills',
        arguments: { query: 'secret' },
      })
      expect(search.structuredContent).toEqual({ skills: [] })
      const load = await client.callTool({ name: 'load_skill', arguments: { name: 'secret' } })
      expect(load.isError).toBe(true)
      const { resources } = await client.listResources()
      expect(resources.map((resource) => resource.uri).join()).not.toContain('secret')
    })
  })

  it('shows the private skill to a token with a matching read scope', async () => {
    await withClient(async (client) => {
      const { entries } = await listAllSkills(client)
      const secret = entries.find((entry) => entry.uri === 'skill://secret/SKILL.md')
      expect(secret).toBeDefined()
      for (const resource of secret?.resources ?? []) {
        expect(sha256((await readBytes(client, resource.uri)).bytes)).toBe(resource.digest)
      }
      const { skill } = await client.request(
        { method: 'skills/get', params: { uri: 'skill://secret/SKILL.md' } },
        getSchema,
      )
      expect(skill.frontmatter['name']).toBe('secret')
      const load = await client.callTool({ name: 'load_skill', arguments: { name: 'secret' } })
      expect(load.isError).toBeFalsy()
    }, readToken)
  })

  it('refuses a bad token (401), GET and DELETE (405) and cross-origin browsers (403)', async () => {
    await expect(connect('not-a-token')).rejects.toMatchObject({
      code: 401,
      message: expect.stringContaining('REGISTRY_UNAUTHORIZED'),
    })
    for (const method of ['GET', 'DELETE']) {
      const answer = await fetch(url, { method, headers: { accept: 'text/event-stream' } })
      expect(answer.status).toBe(405)
      expect(answer.headers.get('allow')).toBe('POST')
    }
    const crossOrigin = await fetch(url, {
      method: 'POST',
      headers: {
        origin: 'http://evil.example',
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'ping' }),
    })
    expect(crossOrigin.status).toBe(403)
  })

  it('answers any request without a prior initialize (stateless, so any replica can answer)', async () => {
    const answer = await fetch(url, {
      method: 'POST',
      headers: {
        accept: 'application/json, text/event-stream',
        'content-type': 'application/json',
        'x-request-id': 'mcp-ping-1',
      },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'skills/get',
        params: { uri: 'skill://beta/SKILL.md' },
      }),
    })
    expect(answer.status).toBe(200)
    expect(answer.headers.get('mcp-session-id')).toBeNull()
    expect(answer.headers.get('x-request-id')).toBe('mcp-ping-1')
    const body = (await answer.json()) as { id: number; result: { skill: Entry } }
    expect(body.id).toBe(7)
    expect(body.result.skill.uri).toBe('skill://beta/SKILL.md')
  })

  it('serves a new version as soon as it is published: new digests, new files', async () => {
    await withClient(async (client) => {
      const get = () =>
        client.request(
          { method: 'skills/get', params: { uri: 'skill://gamma/SKILL.md' } },
          getSchema,
        )
      const before = (await get()).skill
      const answer = await registry.request('PUT', '/v1/skills/gamma', {
        token: registry.adminToken,
        body: await packSkillFiles('gamma', '0.2.0', { 'notes/NEW.md': '# New\n' }),
        headers: { 'content-type': 'application/gzip' },
      })
      expect(answer.status).toBe(201)
      const after = (await get()).skill
      expect(after.frontmatter).toMatchObject({ metadata: { version: '0.2.0' } })
      expect(after.resources).not.toEqual(before.resources)
      for (const resource of after.resources) {
        expect(sha256((await readBytes(client, resource.uri)).bytes)).toBe(resource.digest)
      }
      expect(after.resources.map((resource) => resource.uri)).toContain(
        'skill://gamma/notes/NEW.md',
      )
    })
  })
})
