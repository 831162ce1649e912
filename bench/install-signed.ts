// Signed vs unsigned install CPU: `npx tsx --conditions=skillship-source bench/install-signed.ts`.
// 50 generated skills served as registry wire documents (signed by a publisher key and by the
// registry key) from a loopback server in this process; runInstall into a fresh project and store
// per round, once without a trust policy (baseline) and once with `requireSignatures`, the
// publisher key pinned and `registryKeys: "verify"`, alternated in the same rounds. CPU time of
// this process (client and the fixed-bytes server together), median of 7 rounds after a warm-up.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInstall } from '@skillship/installer'
import { createRegistryClient } from '@skillship/registry-client'
import { generateSigningKey } from '@skillship/signing'
import { serveBytes } from '../packages/installer/test/sources/serve-bytes.js'
import {
  pinned,
  registryRoutes,
  servedVersion,
} from '../packages/installer/test/trust/signed-registry.js'
import { generateSkills } from './generate-skills.js'
import { cpuMs, median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const rounds = 7
const target = 1.15
const publisher = generateSigningKey()
const registryKey = generateSigningKey()
const generated = await generateSkills(50)
const versions = await Promise.all(
  generated.names.map((name) =>
    servedVersion(join(generated.root, name), name, '1.0.0', publisher),
  ),
)
const server = await serveBytes(registryRoutes(versions, registryKey))
const work = await mkdtemp(join(tmpdir(), 'skillship-bench-signed-'))
const trust = {
  publishers: { '*': [publisher.keyId] },
  keys: pinned(publisher),
  requireSignatures: true,
  registryKeys: 'verify',
}

let round = 0
async function install(signed: boolean): Promise<void> {
  round += 1
  const root = join(work, `p${round}`)
  await mkdir(root, { recursive: true })
  const skills = Object.fromEntries(generated.names.map((name) => [name, '^1']))
  const manifest = { registry: server.url, agents: ['qoder'], skills, ...(signed ? { trust } : {}) }
  await writeFile(join(root, 'skillship.json'), JSON.stringify(manifest))
  await runInstall(
    {
      scope: 'project',
      projectRoot: root,
      home: join(root, 'home'),
      env: {},
      storeRoot: join(root, 'store'),
      envsRoot: join(root, 'envs'),
      skillshipHome: join(root, 'home', '.skillship'),
      registry: server.url,
      clientFor: (url) => createRegistryClient({ registry: url }),
    },
    { skipRuntimes: true },
  )
}

try {
  await install(false)
  await install(true)
  const plain: number[] = []
  const signed: number[] = []
  for (let i = 0; i < rounds; i += 1) {
    plain.push(await cpuMs(() => install(false)))
    signed.push(await cpuMs(() => install(true)))
  }
  const ratio = median(signed) / median(plain)
  const verdict = ratio <= target ? 'met' : 'MISSED'
  const markdown = [
    `Measured ${await machineLine()}: 50 skills, cold store, one agent (Qoder), CPU ms of the process, median of ${rounds}.`,
    '',
    '| install | CPU ms | ratio |',
    '|---|---|---|',
    `| unsigned, no trust policy (baseline) | ${median(plain).toFixed(1)} | 1.00 |`,
    `| signed, verified (publisher bundle + registry signature) | ${median(signed).toFixed(1)} | ${ratio.toFixed(2)} |`,
    '',
    `Target: at most ${target}x the unsigned install: ${verdict}.`,
  ].join('\n')
  console.log(markdown)
  await updateBenchmarksDoc('install-signed', markdown)
} finally {
  await server.close()
  await rm(work, { recursive: true, force: true })
  await rm(generated.root, { recursive: true, force: true })
}
