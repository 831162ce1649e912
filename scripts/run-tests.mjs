#!/usr/bin/env node
// The project's one test command (`npm test`): lint, type-check, then every Vitest suite with a JSON
// report, ending with the plain line `N passed, N failed[, N skipped]` that CI reads.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { summarizeReport } from './test-summary.mjs'

const report = '.reports/vitest.json'
const steps = [
  ['biome', ['ci', '.']],
  ['tsc', ['-b']],
  ['node', ['scripts/bundle-console.mjs']],
  ['node', ['scripts/bundle-cli.mjs']],
  ['tsc', ['-p', 'tsconfig.check.json']],
  ['tsc', ['-p', 'apps/server/console-client']],
]

for (const [bin, args] of steps) {
  const command =
    bin === 'node' ? [process.execPath, args] : ['npx', ['--no-install', bin, ...args]]
  const result = spawnSync(command[0], command[1], { stdio: 'inherit' })
  if (result.status !== 0) {
    console.error(`\n${bin} ${args.join(' ')} failed`)
    console.log('0 passed, 1 failed')
    process.exit(result.status ?? 1)
  }
}

mkdirSync('.reports', { recursive: true })
rmSync(report, { force: true })
const vitest = spawnSync(
  'npx',
  [
    '--no-install',
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit' },
)

if (!existsSync(report)) {
  console.error('vitest wrote no report')
  console.log('0 passed, 1 failed')
  process.exit(vitest.status || 1)
}
const summary = summarizeReport(JSON.parse(readFileSync(report, 'utf8')), vitest.status)
if (summary.unloaded > 0) {
  console.error(
    `${summary.unloaded} test file(s) failed outside any test (did not load, or a hook failed)`,
  )
}
console.log(summary.line)
process.exit(vitest.status ?? 1)
