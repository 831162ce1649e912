// Isolated runtimes: `npm run build && npx tsx --conditions=skillship-source bench/runtimes.ts`.
// 1. A fresh environment for a skill with 3 local wheels (ensurePythonEnv: venv, pip, relocation,
//    marker), against doing it by hand in the same run (`python -m venv` + `pip install`).
// 2. A cached environment: what an install pays per skill whose environment exists (interpreter
//    discovery + key + marker check). Target under 50 ms. Its parts are measured too: discovery of
//    this machine's interpreters cold (target under 2 s) and warm from the probe cache (target
//    5 ms), reuse of a Python environment alone and of a Node environment (`is-number` from the npm
//    registry, built once; targets under 50 ms).
// 3. `skillship run` overhead: the CLI running a trivial Python script through the skill's venv,
//    against the venv's python running it directly. Target under 60 ms.
// Offline: wheels are built here; pip sees only them.
import { spawnSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ensureNodeEnv,
  ensurePythonEnv,
  findPythonInterpreters,
  type PythonInterpreter,
  selectInterpreter,
} from '@skillship/installer'
import { buildTestWheel } from '../packages/installer/test/runtimes/build-test-wheel.js'
import { pythonTestEnv } from '../packages/installer/test/runtimes/python-test-env.js'
import { median } from './measure.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const freshRuns = 3
const cachedRuns = 30
const runRuns = 20
const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-runtimes-'))
try {
  const wheels = join(work, 'wheels')
  await buildTestWheel(wheels, { name: 'bench-a', version: '1.0', requires: ['bench-b'] })
  await buildTestWheel(wheels, { name: 'bench-b', version: '1.0', requires: ['bench-c'] })
  await buildTestWheel(wheels, { name: 'bench-c', version: '1.0' })
  // NODE_EXTRA_CA_CERTS (set on some machines) makes every Node process load a CA bundle at start,
  // ~30 ms here; it is dropped so the numbers describe skillship, as in bench/install.ts.
  const { NODE_EXTRA_CA_CERTS: _caCerts, ...env } = pythonTestEnv(wheels)
  const cacheDir = join(work, 'cache')
  const interpreter = selectInterpreter(await findPythonInterpreters({ env, cacheDir }), '>=3.8')
  const requirements = ['bench-a==1.0']

  // One build first: the machine's first environment also unpacks the interpreter's pip wheel
  // (once, kept in <envs>/.pip); every later fresh environment is what is timed.
  const envsRoot = join(work, 'envs')
  const warmUp = await ensurePythonEnv({ envsRoot, interpreter, requirements, env })
  const fresh: number[] = []
  const manual: number[] = []
  for (let i = 0; i < freshRuns; i += 1) {
    await rm(warmUp.path, { recursive: true, force: true })
    let started = performance.now()
    await ensurePythonEnv({ envsRoot, interpreter, requirements, env })
    fresh.push(performance.now() - started)
    started = performance.now()
    const venv = join(work, `manual-${i}`)
    run(interpreter.path, ['-m', 'venv', venv], env)
    run(
      join(venv, 'bin', 'python'),
      ['-m', 'pip', 'install', '-q', '--no-index', '--find-links', wheels, ...requirements],
      env,
    )
    manual.push(performance.now() - started)
  }

  const cached: number[] = []
  for (let i = 0; i < cachedRuns; i += 1) {
    const started = performance.now()
    const found = await findPythonInterpreters({ env, cacheDir })
    const chosen = selectInterpreter(found, '>=3.8')
    const ready = await ensurePythonEnv({
      envsRoot,
      interpreter: chosen,
      requirements,
      env,
    })
    cached.push(performance.now() - started)
    if (!ready.reused) throw new Error('the cached environment was rebuilt')
  }

  const parts = await cachedParts(envsRoot, interpreter, requirements, env)

  const project = await skillProject(work)
  const cliEnv = {
    ...env,
    SKILLSHIP_HOME: join(work, 'home'),
    SKILLSHIP_STORE: join(work, 'store'),
    SKILLSHIP_ENVS: join(work, 'envs-cli'),
  }
  run(process.execPath, [bin, 'install'], cliEnv, project)
  const venvPython = JSON.parse(
    spawnSync(process.execPath, [bin, 'run', '--json', 'bench-runtime', 'where.py'], {
      cwd: project,
      env: cliEnv,
      encoding: 'utf8',
    }).stdout,
  ).stdout.trim() as string
  const direct: number[] = []
  const through: number[] = []
  const nodeStart: number[] = []
  for (let i = 0; i < runRuns; i += 1) {
    nodeStart.push(timed(process.execPath, ['-e', '0'], cliEnv, project))
    direct.push(
      timed(
        venvPython,
        [join(project, '.qoder/skills/bench-runtime/scripts/where.py')],
        cliEnv,
        project,
      ),
    )
    through.push(
      timed(process.execPath, [bin, 'run', 'bench-runtime', 'where.py'], cliEnv, project),
    )
  }

  const m = (values: number[]) => median(values)
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; Python ${interpreter.version}; wall time, median.`,
    '',
    '| what | median | ratio / target |',
    '|---|---|---|',
    `| fresh env, 3 local wheels (skillship, ${freshRuns} runs) | ${m(fresh).toFixed(0)} ms | ${(m(fresh) / m(manual)).toFixed(2)}x the manual venv + pip |`,
    `| fresh env by hand: \`python -m venv\` + \`pip install\` | ${m(manual).toFixed(0)} ms | baseline |`,
    `| cached env: discovery + key + marker check (${cachedRuns} runs) | ${m(cached).toFixed(1)} ms | ${(m(cached) / 50).toFixed(2)}x the 50 ms budget |`,
    `| script run directly with the venv python (${runRuns} runs) | ${m(direct).toFixed(0)} ms | baseline |`,
    `| same script through \`skillship run\` | ${m(through).toFixed(0)} ms | +${(m(through) - m(direct)).toFixed(0)} ms overhead (target < 60 ms) |`,
    `| this machine's interpreters, cold discovery (${parts.runs} runs) | ${m(parts.coldDiscovery).toFixed(0)} ms | ${(m(parts.coldDiscovery) / 2000).toFixed(2)}x the 2 s budget |`,
    `| the same, warm from the probe cache (${parts.runs} runs) | ${m(parts.warmDiscovery).toFixed(1)} ms | ${(m(parts.warmDiscovery) / 5).toFixed(2)}x the 5 ms target |`,
    `| reused Python env alone: key + marker check (${parts.runs} runs) | ${m(parts.reusedPython).toFixed(1)} ms | ${(m(parts.reusedPython) / 50).toFixed(2)}x the 50 ms budget |`,
    `| reused Node env: key + marker check (${parts.runs} runs) | ${m(parts.reusedNode).toFixed(1)} ms | ${(m(parts.reusedNode) / 50).toFixed(2)}x the 50 ms budget |`,
    `| \`node -e 0\`: a Node process alone, the floor of any Node CLI's overhead | ${m(nodeStart).toFixed(0)} ms | overhead minus this: ${(m(through) - m(direct) - m(nodeStart)).toFixed(0)} ms |`,
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('runtimes', table)
} finally {
  await rm(work, { recursive: true, force: true })
}

// The parts of a cached environment, each timed on its own (wall time; they wait on the disk and,
// cold, on interpreter processes).
async function cachedParts(
  envsRoot: string,
  interpreter: PythonInterpreter,
  requirements: string[],
  env: NodeJS.ProcessEnv,
) {
  const runs = 15
  const machineCache = join(work, 'machine-cache')
  const coldDiscovery = await timedRuns(runs, () => findPythonInterpreters({ env: process.env }))
  await findPythonInterpreters({ env: process.env, cacheDir: machineCache })
  const warmDiscovery = await timedRuns(runs, () =>
    findPythonInterpreters({ env: process.env, cacheDir: machineCache }),
  )
  const reusedPython = await timedRuns(runs, async () => {
    const ready = await ensurePythonEnv({ envsRoot, interpreter, requirements, env })
    if (!ready.reused) throw new Error('the cached environment was rebuilt')
  })
  const skillDir = join(work, 'node-skill')
  await mkdir(skillDir, { recursive: true })
  await writeFile(
    join(skillDir, 'package.json'),
    JSON.stringify({ dependencies: { 'is-number': '7.0.0' } }),
  )
  const nodeOptions = {
    envsRoot: join(work, 'node-envs'),
    skillDir,
    needs: {
      packageJson: 'package.json',
      dependencies: { 'is-number': '7.0.0' },
      engines: undefined,
      lockfile: undefined,
    },
    allowScripts: false,
    env: process.env,
  }
  await ensureNodeEnv(nodeOptions)
  const reusedNode = await timedRuns(runs, async () => {
    if (!(await ensureNodeEnv(nodeOptions)).reused) throw new Error('the Node env was rebuilt')
  })
  return { runs, coldDiscovery, warmDiscovery, reusedPython, reusedNode }
}

async function timedRuns(runs: number, task: () => Promise<unknown>): Promise<number[]> {
  const times: number[] = []
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now()
    await task()
    times.push(performance.now() - started)
  }
  return times
}

function run(file: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): void {
  const result = spawnSync(file, args, { env, cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`${file} ${args.join(' ')} failed: ${result.stderr}`)
}

function timed(file: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): number {
  const started = performance.now()
  run(file, args, env, cwd)
  return performance.now() - started
}

async function skillProject(root: string): Promise<string> {
  const skill = join(root, 'skill', 'bench-runtime')
  await mkdir(join(skill, 'scripts'), { recursive: true })
  await writeFile(
    join(skill, 'SKILL.md'),
    '---\nname: bench-runtime\ndescription: Prints where its Python runs. Use when benchmarking.\n---\n# Bench\n',
  )
  await writeFile(join(skill, 'requirements.txt'), 'bench-a==1.0\n')
  await writeFile(
    join(skill, 'scripts', 'where.py'),
    'import sys, bench_a\nprint(sys.executable)\n',
  )
  const project = join(root, 'project')
  await mkdir(project, { recursive: true })
  await writeFile(
    join(project, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills: { 'bench-runtime': `file:${skill}` } }),
  )
  return project
}
