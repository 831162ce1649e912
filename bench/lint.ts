// Lint CPU per skill: `npm run bench` or `npx tsx --conditions=skillship-source bench/lint.ts`.
// Lints 1,000 generated skills (walk + read + decode + parse + validate, the work of `skillship lint`
// minus process start and printing) and compares with a naive loader measured in the same run:
// readFile(SKILL.md) + a regex split + yaml.parse, which checks nothing.
import { readFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadSkill } from '@skillship/core/node'
import { parse } from 'yaml'
import { generateSkills } from './generate-skills.js'
import { cpuRounds, median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const count = 1000
const rounds = 7
const budgetMs = 0.3

const { root, names } = await generateSkills(count)
try {
  let failures = 0
  const ours = await cpuRounds(rounds, async () => {
    for (const name of names) if (!(await loadSkill(join(root, name))).validation.ok) failures += 1
  })
  if (failures > 0) throw new Error(`${failures} generated skills failed lint`)
  const naive = await cpuRounds(rounds, async () => {
    for (const name of names) {
      const text = await readFile(join(root, name, 'SKILL.md'), 'utf8')
      parse(text.split(/^---$/m)[1] ?? '')
    }
  })
  const perSkill = median(ours) / count
  const naivePerSkill = median(naive) / count
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${count} skills × ${rounds} rounds, median round.`,
    '',
    '| what | CPU per skill | ratio |',
    '|---|---|---|',
    `| \`loadSkill\` (walk, read, decode, parse, validate) | ${perSkill.toFixed(3)} ms | ${(perSkill / budgetMs).toFixed(2)} × the ${budgetMs} ms budget |`,
    `| naive baseline: readFile + split + yaml.parse, no checks | ${naivePerSkill.toFixed(3)} ms | ours = ${(perSkill / naivePerSkill).toFixed(2)} × baseline |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('lint', table)
  if (perSkill > budgetMs) process.exitCode = 1
} finally {
  await rm(root, { recursive: true, force: true })
}
