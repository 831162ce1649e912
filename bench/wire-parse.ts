// What checking answers against the wire schemas costs the installer's warm path:
// `npx tsx --conditions=skillship-source bench/wire-parse.ts`.
// One `POST /v1/documents` answer for 50 skills (3 versions of 8 files each, as generated
// skills have) is parsed with JSON.parse alone (the baseline) and with JSON.parse plus
// `checkWire(documentsResponseSchema)`, median CPU per answer over 41 rounds of 20; the added
// cost must stay under 2 ms. Then the load cost of the bundled schemas in a fresh process,
// against a bare `node` in the same run.
import { execFileSync } from 'node:child_process'
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkWire, documentsResponseSchema } from '@skillship/registry-client'
import { build } from 'esbuild'
import { cpuRounds, median } from './measure.js'

function versionDocument(name: string, version: string) {
  return {
    name,
    version,
    description: `The ${name} skill, version ${version}, for the wire benchmark.`,
    frontmatter: { name, description: `The ${name} skill.`, metadata: { version } },
    dist: {
      tarball: `/v1/skills/${name}/-/${version}.tgz`,
      integrity: `sha512-${'A'.repeat(86)}==`,
      size: 4096,
      unpackedSize: 12_288,
      fileCount: 8,
    },
    files: Array.from({ length: 8 }, (_, index) => ({
      path: index === 0 ? 'SKILL.md' : `scripts/tool-${index}.py`,
      size: 1500,
      mode: index === 0 ? 420 : 493,
      sha256: 'a'.repeat(64),
    })),
    publishedAt: '2026-01-01T00:00:00.000Z',
    publisher: 'ci',
    yanked: false,
  }
}

function answerText(skills: number): string {
  const documents: Record<string, unknown> = {}
  for (let index = 0; index < skills; index += 1) {
    const name = `skill-${index}`
    const versions = ['1.0.0', '1.1.0', '2.0.0']
    documents[name] = {
      name,
      description: `The ${name} skill.`,
      private: false,
      distTags: { latest: '2.0.0' },
      versions: Object.fromEntries(versions.map((v) => [v, versionDocument(name, v)])),
      createdAt: '2026-01-01T00:00:00.000Z',
      updatedAt: '2026-01-01T00:00:00.000Z',
    }
  }
  return JSON.stringify({ documents, missing: [] })
}

const text = answerText(50)
const perRound = 20
const rounds = 41
const parseOnly = await cpuRounds(rounds, async () => {
  for (let i = 0; i < perRound; i += 1) JSON.parse(text)
})
const parseAndCheck = await cpuRounds(rounds, async () => {
  for (let i = 0; i < perRound; i += 1) {
    if (!checkWire(documentsResponseSchema, JSON.parse(text)).ok) throw new Error('invalid')
  }
})
const base = median(parseOnly) / perRound
const checked = median(parseAndCheck) / perRound
console.log(`documents answer for 50 skills: ${(text.length / 1024).toFixed(0)} KiB`)
console.log(`JSON.parse: ${base.toFixed(3)} ms; + checkWire: ${checked.toFixed(3)} ms`)
console.log(`added by the schema check: ${(checked - base).toFixed(3)} ms (target < 2 ms)`)

// The CLI runs esbuild bundles, so the load cost is measured on one: the schemas and checkWire
// bundled as the CLI bundles them (CommonJS, whitespace and syntax minified), without a V8 code
// cache (the CLI keeps one, so this is its first run).
const work = await mkdtemp(join(tmpdir(), 'skillship-bench-wire-'))
try {
  const entry = join(work, 'entry.mjs')
  const outfile = join(work, 'schemas.cjs')
  const names = 'checkWire, documentsResponseSchema, experimentReportSchema, tokenListSchema'
  await writeFile(entry, `export { ${names} } from '@skillship/registry-client'\n`)
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    minifyWhitespace: true,
    minifySyntax: true,
    nodePaths: [new URL('../node_modules', import.meta.url).pathname],
    logLevel: 'error',
  })
  const bare = freshCpuMs('')
  const loaded = freshCpuMs(`require(${JSON.stringify(outfile)})`)
  const kib = ((await stat(outfile)).size / 1024).toFixed(0)
  console.log(
    `bundled schemas (${kib} KiB) in a fresh process: +${(loaded - bare).toFixed(1)} ms CPU`,
  )
} finally {
  await rm(work, { recursive: true, force: true })
}

function freshCpuMs(code: string): number {
  const samples = Array.from({ length: 21 }, () => {
    const script = `${code}; const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)`
    return Number(execFileSync(process.execPath, ['-e', script]).toString())
  })
  return median(samples)
}
