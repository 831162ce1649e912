// Pack CPU per skill: `npm run bench` or `npx tsx --conditions=skillship-source bench/pack.ts`.
// Packs 200 generated skills (walk + validate + deterministic tar + gzip + sha512/sha256) and
// compares with node-tar's gzip'd create (`tar.c`, what npm pack uses) of the same folders,
// measured in the same run.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { c as createTar } from 'tar'
import { generateSkills } from './generate-skills.js'
import { cpuRounds, median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const count = 200
const rounds = 7

const { root, names } = await generateSkills(count)
try {
  const integrities = new Map<string, string>()
  const ours = await cpuRounds(rounds, async () => {
    for (const name of names) {
      const packed = await packSkill(await loadSkill(join(root, name)))
      const previous = integrities.get(name)
      if (previous !== undefined && previous !== packed.integrity)
        throw new Error(`${name} packed differently`)
      integrities.set(name, packed.integrity)
    }
  })
  const baseline = await cpuRounds(rounds, async () => {
    for (const name of names) {
      const chunks: Buffer[] = []
      const stream = createTar({ gzip: true, cwd: root, portable: true }, [name])
      for await (const chunk of stream) chunks.push(chunk as Buffer)
    }
  })
  const perSkill = median(ours) / count
  const basePerSkill = median(baseline) / count
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; ${count} skills × ${rounds} rounds, median round. Every round re-packed every skill to the same integrity.`,
    '',
    '| what | CPU per skill | ratio |',
    '|---|---|---|',
    `| \`loadSkill\` + \`packSkill\` (validate, deterministic tar, fflate gzip -6, sha512 + sha256 per file) | ${perSkill.toFixed(3)} ms | ${(perSkill / basePerSkill).toFixed(2)} × baseline |`,
    `| baseline: node-tar \`c({ gzip: true, portable: true })\` (no validation, not deterministic) | ${basePerSkill.toFixed(3)} ms | 1.00 |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('pack', table)
} finally {
  await rm(root, { recursive: true, force: true })
}
