// Registry throughput and CPU: `npm run build && npx tsx --conditions=skillship-source bench/registry.ts`.
// 1. Publishes 1,000 generated skills to `skillship server` (embedded SQLite, its own process) over
//    HTTP, 4 at a time, and reports the wall time (target: under 20 s).
// 2. Reads skill documents and tarballs, and reports the CPU time per request of the server
//    process (from /proc), against a bare node:http server returning the same bytes, measured in
//    the same run (target: documents within 1.5x).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { createRegistryClient } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig } from '@skillship/server'
import { generateSkills } from './generate-skills.js'
import { cpuPerRequest, inBatches } from './http-load.js'
import { median } from './measure.js'
import { type SpawnedServer, spawnServer } from './spawn-server.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const skills = 1000
const publishConcurrency = 4
const readRequests = 10_000
const readConcurrency = 8
const rounds = 7
const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-registry-'))
const generated = await generateSkills(skills)
try {
  const config = parseServerConfig({ env: {}, flags: { data: join(work, 'data') } })
  const admin = await createTokenOffline(config, { name: 'bench', scopes: ['admin'] })
  const tarballs = await Promise.all(
    generated.names.map(async (name) => ({
      name,
      tarball: (await packSkill(await loadSkill(join(generated.root, name)))).tarball,
    })),
  )
  const server = await spawnServer([bin, 'server', '--data', config.dataDir, '--port', '0'], {
    SKILLSHIP_LOG_LEVEL: 'warn',
  })
  const client = createRegistryClient({ registry: server.url, token: admin.token })
  const publishStart = performance.now()
  await inBatches(tarballs, publishConcurrency, ({ name, tarball }) =>
    client.publish(name, tarball),
  )
  const publishSeconds = (performance.now() - publishStart) / 1000

  const sample = tarballs[Math.floor(skills / 2)]?.name ?? ''
  const docBody = await (await fetch(`${server.url}/v1/skills/${sample}`)).arrayBuffer()
  const version = JSON.parse(new TextDecoder().decode(docBody)).distTags.latest as string
  const tgzBody = await (
    await fetch(`${server.url}/v1/skills/${sample}/-/${version}.tgz`)
  ).arrayBuffer()
  await writeFile(join(work, 'doc.json'), new Uint8Array(docBody))
  await writeFile(join(work, 'skill.tgz'), new Uint8Array(tgzBody))
  const bare = await spawnServer([
    new URL('./bare-server.mjs', import.meta.url).pathname,
    join(work, 'doc.json'),
    join(work, 'skill.tgz'),
  ])

  const names = tarballs.map((t) => t.name)
  const ours = { doc: [] as number[], tgz: [] as number[] }
  const base = { doc: [] as number[], tgz: [] as number[] }
  for (let round = 0; round < rounds; round += 1) {
    ours.doc.push(await cpuOf(server, (i) => `/v1/skills/${names[i % names.length]}`))
    base.doc.push(await cpuOf(bare, () => '/doc'))
    ours.tgz.push(
      await cpuOf(
        server,
        (i) => `/v1/skills/${names[i % names.length]}/-/${tarballVersion(i)}.tgz`,
      ),
    )
    base.tgz.push(await cpuOf(bare, () => '/tgz'))
  }
  await server.stop()
  await bare.stop()

  const us = (values: number[]) => median(values) * 1000
  // Each round measures both servers back to back; the median of per-round ratios resists the
  // load swings of this shared machine better than a ratio of medians.
  const ratio = (a: number[], b: number[]) => median(a.map((value, i) => value / (b[i] ?? value)))
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}. Server in its own process (embedded SQLite), load from this process over keep-alive; CPU of the server process from /proc, ${readRequests} requests × ${rounds} rounds; CPU columns are the median round, ratios the median of per-round ratios; documents rotate over all ${skills} skills.`,
    '',
    '| what | result | ratio |',
    '|---|---|---|',
    `| publish ${skills} generated skills over HTTP (${publishConcurrency} at a time) | ${publishSeconds.toFixed(1)} s wall | ${(publishSeconds / 20).toFixed(2)} × the 20 s budget |`,
    `| skill document read (\`GET /v1/skills/:name\`) | ${us(ours.doc).toFixed(1)} µs CPU/request | ${ratio(ours.doc, base.doc).toFixed(2)} × bare node:http (target ≤ 1.5) |`,
    `| tarball download (\`GET /v1/skills/:name/-/:version.tgz\`) | ${us(ours.tgz).toFixed(1)} µs CPU/request | ${ratio(ours.tgz, base.tgz).toFixed(2)} × bare node:http |`,
    `| baseline: bare node:http, same document bytes | ${us(base.doc).toFixed(1)} µs CPU/request | 1.00 |`,
    `| baseline: bare node:http, same tarball bytes | ${us(base.tgz).toFixed(1)} µs CPU/request | 1.00 |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('registry', table)
} finally {
  await rm(work, { recursive: true, force: true })
  await rm(generated.root, { recursive: true, force: true })
}

// Generated skill i has metadata.version 1.<i>.0.
function tarballVersion(i: number): string {
  return `1.${i % skills}.0`
}

// 10,000 requests, 8 at a time, after a warm-up: CPU ms of the server process per request.
function cpuOf(server: SpawnedServer, path: (i: number) => string): Promise<number> {
  return cpuPerRequest(server.child.pid ?? 0, server.url, path, {
    requests: readRequests,
    concurrency: readConcurrency,
  })
}
