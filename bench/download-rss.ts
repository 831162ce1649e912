// Peak RSS of the real CLI against a hostile registry whose tarball is 3 GiB:
// `npm run build && npx tsx --conditions=skillship-source bench/download-rss.ts`.
// The built executable (apps/cli/bin/skillship.js) runs `install` in a fresh project and HOME
// against a node:http registry on loopback that answers the documents honestly and then streams
// a generated 3 GiB tarball (chunked, or behind a Content-Length that says 3 GiB). The child runs
// under /usr/bin/time -v, whose "Maximum resident set size" is the peak; the target is < 300 MB.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname
const hostileBytes = 3 * 1024 ** 3

/** How the hostile registry frames its 3 GiB tarball. */
export type HostileFraming = 'chunked' | 'content-length'

/** One run: the CLI's peak RSS, its exit code and the error code it printed. */
export interface DownloadRssResult {
  readonly framing: HostileFraming
  readonly peakRssMb: number
  readonly exitCode: number | null
  readonly errorCode: string | undefined
  /** Tarball bytes the registry managed to send before the CLI hung up. */
  readonly sentMb: number
}

function skillDocument(url: string): unknown {
  const version = {
    name: 'huge',
    version: '1.0.0',
    description: 'A skill whose tarball never ends.',
    frontmatter: { name: 'huge', description: 'A skill whose tarball never ends.' },
    dist: {
      tarball: '/v1/skills/huge/-/1.0.0.tgz',
      integrity: `sha512-${Buffer.alloc(64).toString('base64')}`,
      size: hostileBytes,
      unpackedSize: hostileBytes,
      fileCount: 1,
    },
    files: [{ path: 'SKILL.md', size: 10, mode: 420, sha256: '0'.repeat(64) }],
    publishedAt: '2026-01-01T00:00:00.000Z',
    publisher: url,
    yanked: false,
  }
  return {
    name: 'huge',
    description: version.description,
    private: false,
    distTags: { latest: '1.0.0' },
    versions: { '1.0.0': version },
    createdAt: version.publishedAt,
    updatedAt: version.publishedAt,
  }
}

function streamHostile(response: ServerResponse, framing: HostileFraming, sent: { bytes: number }) {
  response.writeHead(200, {
    'content-type': 'application/gzip',
    ...(framing === 'content-length' ? { 'content-length': String(hostileBytes) } : {}),
  })
  const chunk = Buffer.alloc(1024 * 1024, 0x1f)
  const pump = (): void => {
    while (!response.destroyed && sent.bytes < hostileBytes) {
      sent.bytes += chunk.length
      if (!response.write(chunk)) {
        response.once('drain', pump)
        return
      }
    }
    response.end()
  }
  response.on('error', () => response.destroy())
  pump()
}

async function hostileRegistry(framing: HostileFraming, sent: { bytes: number }): Promise<Server> {
  const server = createServer((request, response) => {
    request.resume()
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://registry').pathname
      if (path.endsWith('.tgz')) return streamHostile(response, framing, sent)
      const document = skillDocument('bench')
      const body =
        path === '/v1/documents' ? { documents: { huge: document }, missing: [] } : document
      response.writeHead(200, { 'content-type': 'application/json' })
      response.end(JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}

function runUnderTime(cwd: string, env: Record<string, string>) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(
      '/usr/bin/time',
      ['-v', process.execPath, bin, 'install', '--skip-runtimes', '--json'],
      { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString()
    })
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString()
    })
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Runs the CLI's `install` once against the hostile registry; see the file comment. */
export async function measureDownloadRss(framing: HostileFraming): Promise<DownloadRssResult> {
  const work = await mkdtemp(join(tmpdir(), 'skillship-bench-rss-'))
  const sent = { bytes: 0 }
  const server = await hostileRegistry(framing, sent)
  try {
    const { port } = server.address() as AddressInfo
    const registry = `http://127.0.0.1:${port}`
    await writeFile(
      join(work, 'skillship.json'),
      JSON.stringify({ registry, skills: { huge: 'latest' } }),
    )
    const env = {
      PATH: process.env['PATH'] ?? '',
      HOME: work,
      SKILLSHIP_STORE: join(work, 'store'),
      SKILLSHIP_CODE_CACHE: '0',
    }
    const run = await runUnderTime(work, env)
    const peakKb = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(run.stderr)?.[1])
    const errorCode = /"code":\s*"([A-Z_]+)"/.exec(run.stdout)?.[1]
    return {
      framing,
      peakRssMb: Math.round(peakKb / 1024),
      exitCode: run.code,
      errorCode,
      sentMb: Math.round(sent.bytes / 1024 ** 2),
    }
  } finally {
    server.closeAllConnections()
    server.close()
    await rm(work, { recursive: true, force: true })
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const framing of ['chunked', 'content-length'] as const) {
    const result = await measureDownloadRss(framing)
    console.log(
      `3 GiB tarball (${result.framing}): peak RSS ${result.peakRssMb} MB (target < 300), ` +
        `exit ${result.exitCode} ${result.errorCode ?? '(no code)'}, registry sent ${result.sentMb} MiB`,
    )
  }
}
