// Lint CPU per skill: `npm run bench` or `npx tsx --conditions=skillship-source bench/lint.ts`.
// Lints 1,000 generated skills (walk + read + decode + parse + validate, the work of `skillship lint`
// minus process start and printing) and compares with a naive loader measured in the same run:
// readFile(SKILL.md) + a regex split + yaml.parse, which checks nothing.
// Then the 30,000-key frontmatter of issue 15: `loadSkill` (refused by the size limit), the parse
// with the limits lifted (the linear duplicate-key check), and the yaml library's own duplicate-key
// check that the parse used before (quadratic), one round each. Then pathological frontmatters
// (deep nesting, 5,000 keys, a 1 MB line): CPU to parse, validate and fix each, the work
// parse-skill-md.fuzz.test.ts checks for crashes.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import {
  fixSkillMd,
  parseFrontmatterYaml,
  parseSkillMd,
  SkillshipError,
  validateSkill,
} from '@skillship/core'
import { loadSkill } from '@skillship/core/node'
import { parse, parseDocument } from 'yaml'
import { generateSkills } from './generate-skills.js'
import { cpuMs, cpuRounds, median } from './measure.js'
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
  const keys = await manyKeysRows(root)
  const pathological = await pathologicalTimes()
  const perSkill = median(ours) / count
  const naivePerSkill = median(naive) / count
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${count} skills × ${rounds} rounds, median round.`,
    '',
    '| what | CPU per skill | ratio |',
    '|---|---|---|',
    `| \`loadSkill\` (walk, read, decode, parse, validate) | ${perSkill.toFixed(3)} ms | ${(perSkill / budgetMs).toFixed(2)} × the ${budgetMs} ms budget |`,
    `| naive baseline: readFile + split + yaml.parse, no checks | ${naivePerSkill.toFixed(3)} ms | ours = ${(perSkill / naivePerSkill).toFixed(2)} × baseline |`,
    ...keys,
    '',
    '| pathological SKILL.md: parse + validate + fix | CPU, median of 3 |',
    '|---|---|',
    ...pathological.map(({ what, ms }) => `| ${what} | ${ms.toFixed(1)} ms |`),
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('lint', table)
  if (perSkill > budgetMs) process.exitCode = 1
} finally {
  await rm(root, { recursive: true, force: true })
}

async function manyKeysRows(root: string): Promise<string[]> {
  const lines = Array.from({ length: 30_000 }, (_, index) => `  k${index}: v`)
  const yaml = `name: many-keys\ndescription: d\nmetadata:\n${lines.join('\n')}\n`
  await mkdir(join(root, 'many-keys'))
  await writeFile(join(root, 'many-keys', 'SKILL.md'), `---\n${yaml}---\n# Many keys\n`)
  const lifted = { maxBytes: Number.POSITIVE_INFINITY, maxEntries: Number.POSITIVE_INFINITY }
  const refused = median(
    await cpuRounds(3, async () => void (await loadSkill(join(root, 'many-keys')))),
  )
  const linear = median(await cpuRounds(3, async () => void parseFrontmatterYaml(yaml, 2, lifted)))
  const quadratic = await cpuMs(
    async () => void parseDocument(yaml, { schema: 'failsafe', uniqueKeys: true }),
  )
  const row = (what: string, ms: number) =>
    `| ${what} | ${ms.toFixed(1)} ms | ${(ms / quadratic).toFixed(4)} × the quadratic check |`
  return [
    row(
      '30,000-key frontmatter (issue 15): `loadSkill`, refused with `SKILL_FRONTMATTER_TOO_LARGE`',
      refused,
    ),
    row('the same YAML parsed with the limits lifted (linear duplicate-key check)', linear),
    row(
      'baseline: `yaml` `parseDocument` with `uniqueKeys: true` (the check used before), 1 round',
      quadratic,
    ),
  ]
}

async function pathologicalTimes(): Promise<{ what: string; ms: number }[]> {
  const inputs = {
    'nesting 2,000 deep': `---\na:${' ['.repeat(2000)}\n---\n`,
    '5,000 keys': `---\n${Array.from({ length: 5000 }, (_, i) => `k${i}: v`).join('\n')}\n---\n`,
    'a 1 MB description line': `---\ndescription: ${'x'.repeat(1_000_000)}\n---\n`,
  }
  const results: { what: string; ms: number }[] = []
  for (const [what, text] of Object.entries(inputs)) {
    const rounds = await cpuRounds(3, async () => exercise(text))
    results.push({ what, ms: median(rounds) })
  }
  return results
}

// What `skillship lint --fix` does with one SKILL.md; coded refusals are expected here.
function exercise(text: string): void {
  try {
    const parsed = parseSkillMd(text)
    validateSkill(parsed, { directoryName: 'demo', files: new Set(['SKILL.md']) })
    fixSkillMd(parsed.text)
  } catch (error) {
    if (!(error instanceof SkillshipError)) throw error
  }
}
