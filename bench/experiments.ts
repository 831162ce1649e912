// Experiment assignment and analysis CPU: `npx tsx --conditions=skillship-source bench/experiments.ts`.
// Measures the pure parts of @skillship/experiments (event ingestion needs the server and is
// measured there):
// - assignment: hash v2 + range lookup per call over 1,000,000 user ids (target under 2 µs),
//   against a SHA-256 bucket (Statsig's scheme, node:crypto) and a non-sticky Math.random() pick;
// - analysis: 1,000,000 `{ arm, value }` events reduced to sufficient statistics, then every test
//   the evaluator runs (target under 50 ms), against keeping the raw values per arm and computing
//   mean and variance in two passes (what an analysis without sufficient statistics has to do).
import { createHash } from 'node:crypto'
import {
  type ArmObservation,
  aggregateByArm,
  assignVariation,
  gaussianBayesian,
  getBucketRanges,
  guardrailDecision,
  msprtTest,
  relativeLift,
  type SufficientStats,
  sampleRatioMismatch,
  welchTTest,
} from '@skillship/experiments'
import { cpuRounds, median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const calls = 1_000_000
const events = 1_000_000
const rounds = 7
const assignBudgetUs = 2
const analysisBudgetMs = 50

const seed = '9b2f6c1e-code-review-3.0.0'
const ranges = getBucketRanges(2, 1, [0.2, 0.8])
const users = Array.from({ length: calls }, (_, i) => `user-${(i * 2654435761) >>> 0}`)

let sink = 0
const assignRounds = await cpuRounds(rounds, async () => {
  for (const user of users) sink += assignVariation(seed, user, ranges)
})
const shaRounds = await cpuRounds(rounds, async () => {
  for (const user of users) {
    const bucket = createHash('sha256').update(`${seed}.${user}`).digest().readUInt32BE(0) % 10000
    sink += bucket < 2000 ? 0 : 1
  }
})
const randomRounds = await cpuRounds(rounds, async () => {
  for (let i = 0; i < calls; i += 1) sink += Math.random() < 0.2 ? 0 : 1
})

// One million events of a latency-like metric: arm by assignment, value ~ 200 ± 60 ms.
const observations: ArmObservation[] = users.map((user, i) => ({
  arm: assignVariation(seed, user, ranges),
  value: 200 + 60 * Math.sin(i * 12.9898) + (i % 7),
}))

function analyse(): void {
  const [control, treatment] = aggregateByArm(observations, 2)
  if (control === undefined || treatment === undefined) throw new Error('no arms')
  runTests(control, treatment)
}

function runTests(control: SufficientStats, treatment: SufficientStats): void {
  const results = [
    welchTTest(control, treatment),
    relativeLift(control, treatment),
    msprtTest(control, treatment, { difference: 'relative' }),
    gaussianBayesian(control, treatment, { lowerIsBetter: true }),
  ]
  if (results.some((result) => !result.ok)) throw new Error('analysis produced no estimate')
  sink += sampleRatioMismatch([control.n, treatment.n], [0.2, 0.8]).pValue
  sink += guardrailDecision(control, treatment).harm
}

function rawTwoPass(): void {
  const values: number[][] = [[], []]
  for (const { arm, value } of observations) values[arm]?.push(value)
  for (const list of values) {
    let sum = 0
    for (const value of list) sum += value
    const mean = sum / list.length
    let squares = 0
    for (const value of list) squares += (value - mean) ** 2
    sink += squares / (list.length - 1)
  }
}

const analysisRounds = await cpuRounds(rounds, async () => analyse())
const [aggregatedControl, aggregatedTreatment] = aggregateByArm(observations, 2)
const testsOnly = 1000
const testsRounds = await cpuRounds(rounds, async () => {
  if (aggregatedControl === undefined || aggregatedTreatment === undefined) return
  for (let i = 0; i < testsOnly; i += 1) runTests(aggregatedControl, aggregatedTreatment)
})
const rawRounds = await cpuRounds(rounds, async () => rawTwoPass())
if (Number.isNaN(sink)) throw new Error('unreachable')

const perCallUs = (roundMs: number[]): number => (median(roundMs) * 1000) / calls
const assignUs = perCallUs(assignRounds)
const analysisMs = median(analysisRounds)
const rawMs = median(rawRounds)
const table = [
  `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${rounds} rounds, median round; CPU time.`,
  '',
  '| what | CPU | ratio / target |',
  '|---|---|---|',
  `| assignment: \`assignVariation\` (hash v2 + ranges), per call over ${calls.toLocaleString('en')} ids | ${assignUs.toFixed(3)} µs | ${(assignUs / assignBudgetUs).toFixed(2)} × the ${assignBudgetUs} µs budget |`,
  `| baseline: SHA-256 bucket (node:crypto, Statsig's scheme), per call | ${perCallUs(shaRounds).toFixed(3)} µs | ours = ${(assignUs / perCallUs(shaRounds)).toFixed(2)} × |`,
  `| baseline: \`Math.random() < 0.2\` (not sticky, no hash), per call | ${perCallUs(randomRounds).toFixed(3)} µs | floor |`,
  `| analysis: aggregate ${events.toLocaleString('en')} \`{ arm, value }\` events + Welch, lift, mSPRT, Bayesian, SRM, guardrail | ${analysisMs.toFixed(1)} ms | ${(analysisMs / analysisBudgetMs).toFixed(2)} × the ${analysisBudgetMs} ms budget |`,
  `| of which the tests alone, on the aggregated statistics (${testsOnly} runs) | ${((median(testsRounds) * 1000) / testsOnly).toFixed(1)} µs per run | |`,
  `| baseline: the same events kept raw per arm, mean + variance in two passes (no tests) | ${rawMs.toFixed(1)} ms | ours = ${(analysisMs / rawMs).toFixed(2)} × |`,
].join('\n')
console.log(table)
await updateBenchmarksDoc('experiments', table)
if (assignUs > assignBudgetUs || analysisMs > analysisBudgetMs) process.exitCode = 1
