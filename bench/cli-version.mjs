// `skillship --version` wall time (process start included): `node bench/cli-version.mjs` after a build.
// Baseline in the same run: `node -e 0`, the floor any Node CLI pays.
import { spawnSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'

const runs = 30
const budgetMs = 150
const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname

function wallMs(args) {
  const start = process.hrtime.bigint()
  const result = spawnSync(process.execPath, args, { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`)
  return Number(process.hrtime.bigint() - start) / 1e6
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

const ours = []
const floor = []
wallMs([bin, '--version'])
for (let i = 0; i < runs; i += 1) {
  ours.push(wallMs([bin, '--version']))
  floor.push(wallMs(['-e', '0']))
}
const m = median(ours)
const f = median(floor)
const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB`
const table = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${machine}; ${runs} runs each, interleaved, median wall time.`,
  '',
  '| what | wall | ratio |',
  '|---|---|---|',
  `| \`skillship --version\` | ${m.toFixed(1)} ms | ${(m / budgetMs).toFixed(2)} × the ${budgetMs} ms budget; ${(m / f).toFixed(2)} × baseline |`,
  `| baseline: \`node -e 0\` | ${f.toFixed(1)} ms | 1.00 |`,
].join('\n')
console.log(table)
const doc = new URL('../docs/benchmarks.md', import.meta.url)
const text = await readFile(doc, 'utf8')
const start = '<!-- bench:cli-version -->'
const end = '<!-- /bench:cli-version -->'
await writeFile(
  doc,
  `${text.slice(0, text.indexOf(start) + start.length)}\n${table}\n${text.slice(text.indexOf(end))}`,
)
if (m > budgetMs) process.exitCode = 1
