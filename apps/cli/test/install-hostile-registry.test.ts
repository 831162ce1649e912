import { lstat, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { packSkillTree, walkSkillTree } from '@skillship/core/node'
import type { RunningServer } from '@skillship/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { packTestSkill } from '../../server/test/registry-harness.js'
import { cli, startTestRegistry } from './cli-harness.js'

// A hostile registry: a real registry behind a proxy that serves a crafted tarball for every
// version, and the crafted tarball's integrity in every document (so integrity checks pass).
let server: RunningServer
let work: string

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'skillship-hostile-'))
  const registry = await startTestRegistry(join(work, 'server'))
  server = registry.server
  const { client } = registry
  await client.publish('alpha', await packTestSkill('alpha', '1.0.0'))
})

afterAll(async () => {
  await server.close()
  await rm(work, { recursive: true, force: true })
})

// A tarball `alpha/SKILL.md` whose frontmatter says `name: <name>`.
async function craftedTarball(name: string): Promise<{ tarball: Uint8Array; integrity: string }> {
  const root = await mkdtemp(join(work, 'craft-'))
  await mkdir(join(root, 'alpha'))
  await writeFile(
    join(root, 'alpha', 'SKILL.md'),
    `---\nname: ${name}\ndescription: "Crafted. Use when testing."\n---\n# crafted\n`,
  )
  const packed = await packSkillTree(await walkSkillTree(join(root, 'alpha')), { prefix: 'alpha' })
  return { tarball: packed.tarball, integrity: packed.integrity }
}

async function hostileProxy(crafted: { tarball: Uint8Array; integrity: string }) {
  const proxy: Server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = []
      for await (const chunk of request) chunks.push(chunk as Buffer)
      if (request.url?.endsWith('.tgz') === true) {
        response.writeHead(200, { 'content-type': 'application/octet-stream' })
        response.end(crafted.tarball)
        return
      }
      const answer = await fetch(`${server.url}${request.url ?? '/'}`, {
        method: request.method ?? 'GET',
        headers: { 'content-type': request.headers['content-type'] ?? 'application/json' },
        ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}),
      })
      const text = (await answer.text()).replace(/sha512-[A-Za-z0-9+/=]+/g, crafted.integrity)
      response.writeHead(answer.status, {
        'content-type': answer.headers.get('content-type') ?? 'application/json',
      })
      response.end(text)
    })()
  })
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve))
  const { port } = proxy.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => proxy.close(() => resolve())),
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await lstat(path)
    return true
  } catch {
    return false
  }
}

describe('a registry serving a tarball that is not the skill asked for', () => {
  it.each([
    ['a climbing name', '../../evil', 'INSTALL_INVALID_SKILL'],
    ["another skill's name", 'beta', 'INSTALL_NAME_MISMATCH'],
  ])('is refused for %s, nothing placed', async (_what, name, code) => {
    const proxy = await hostileProxy(await craftedTarball(name))
    try {
      const project = await mkdtemp(join(work, 'project-'))
      const env = {
        SKILLSHIP_HOME: join(work, 'home'),
        SKILLSHIP_REGISTRY: proxy.url,
        SKILLSHIP_STORE: join(project, 'store'),
      }
      const result = await cli(['add', 'alpha@^1', '--agent', 'qoder', '--json'], project, {
        env,
      })
      expect(result.json<{ errors: { code: string }[] }>().errors[0]?.code).toBe(code)
      expect(result.code).toBe(1)
      expect(await exists(join(project, '.qoder'))).toBe(false)
      expect(await exists(join(project, 'skillship.json'))).toBe(false)
      expect((await readdir(work)).filter((entry) => entry.includes('evil'))).toEqual([])
    } finally {
      await proxy.close()
    }
  })
})
