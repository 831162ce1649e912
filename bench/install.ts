// Install speed against the peers: `npm run build && npx tsx --conditions=skillship-source bench/install.ts`.
// The peers (npm packages `skills` 1.5.x, the newest on Node 20, and `openskills`) are installed into
// .bench-cache/peers on first run, and install the same 50 generated skills from a local folder into
// one agent (their fastest path), each run in a fresh project and HOME with telemetry off and, when
// `unshare` is available, no network at all. skillship installs the same skills from its own local
// registry (a server process on loopback). Wall time per command, process start included; median.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { homedir, tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'
import { createRegistryClient } from '@skillship/registry-client'
import { createTokenOffline, parseServerConfig } from '@skillship/server'
import { generateSkills } from './generate-skills.js'
import { median } from './measure.js'
import {
  floorSyscalls,
  type PlacementWork,
  placementFloorMs,
  storeFloorMs,
} from './placement-floor.js'
import { spawnServer } from './spawn-server.js'
import { machineLine, updateBenchmarksDoc } from './update-benchmarks-doc.js'

const runs = 7
const extraForSix: PlacementWork = {
  folderSets: 2,
  linkSets: 0,
  skills: 50,
  foldersPerSkill: 4,
  filesPerSkill: 5,
}
// One agent's real folder set for 50 skills, and the 50 store entries a cold install adds.
const oneSet: PlacementWork = { ...extraForSix, folderSets: 1, linkSets: 0 }
const storeWork = { entries: 50, foldersPerSkill: 4, filesPerSkill: 5, fileBytes: 600 }
const bin = new URL('../apps/cli/bin/skillship.js', import.meta.url).pathname
const loadInstallCode = new URL('./load-install-code.cjs', import.meta.url).pathname
const syncFsTime = new URL('./sync-fs-time.cjs', import.meta.url).pathname
const peersDir = new URL('../.bench-cache/peers', import.meta.url).pathname
const quietEnv = {
  DISABLE_TELEMETRY: '1',
  DO_NOT_TRACK: '1',
  NO_UPDATE_NOTIFIER: '1',
  PATH: process.env['PATH'] ?? '',
}
const canUnshare = spawnSync('unshare', ['-n', 'true']).status === 0
// `SKILLSHIP_BENCH_BASELINE=<bin/skillship.js of another build>` adds that build's warm, no-op,
// `add` and frozen installs to every round, for ratios measured in the same run (with CPU time
// from /usr/bin/time where it exists: the disk's speed drifts, CPU time less).
const baselineBin = process.env['SKILLSHIP_BENCH_BASELINE']
const cpuTimer = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

if (!existsSync(join(peersDir, 'node_modules/openskills'))) {
  await mkdir(peersDir, { recursive: true })
  execFileSync(
    'npm',
    ['install', '--prefix', peersDir, '--no-audit', '--no-fund', 'skills@1.5', 'openskills'],
    { stdio: 'inherit' },
  )
}

const work = await mkdtemp(join(tmpdir(), 'skillship-bench-install-'))
const generated = await generateSkills(50)
try {
  const src = join(work, 'src')
  await cp(generated.root, join(src, 'skills'), { recursive: true })
  const config = parseServerConfig({ env: {}, flags: { data: join(work, 'data') } })
  const admin = await createTokenOffline(config, { name: 'bench', scopes: ['admin'] })
  const server = await spawnServer([bin, 'server', '--data', config.dataDir, '--port', '0'], {
    SKILLSHIP_LOG_LEVEL: 'warn',
  })
  const client = createRegistryClient({ registry: server.url, token: admin.token })
  for (const name of generated.names)
    await client.publish(
      name,
      (await packSkill(await loadSkill(join(generated.root, name)))).tarball,
    )
  const manifest = (agents: string[]) =>
    JSON.stringify({
      registry: server.url,
      agents,
      skills: Object.fromEntries(generated.names.map((n) => [n, '^1'])),
    })

  let round = 0
  const fresh = async () => {
    round += 1
    const dir = join(work, `run-${round}`)
    await mkdir(join(dir, 'home'), { recursive: true })
    await mkdir(join(dir, 'proj'), { recursive: true })
    execFileSync('git', ['init', '-q', join(dir, 'proj')])
    return dir
  }
  // The CPU time (user + system) of the last command timed with `cpuOf` set, from /usr/bin/time.
  let lastCpuMs = 0
  const time = (
    command: string[],
    cwd: string,
    env: Record<string, string>,
    isolate: boolean,
    cpuOf = false,
  ): number => {
    const cpuFile = join(work, 'cpu.txt')
    const timed = cpuOf && cpuTimer ? [cpuTimer, '-f', '%U %S', '-o', cpuFile, ...command] : command
    const [file, ...args] = isolate && canUnshare ? ['unshare', '-n', ...timed] : timed
    const started = performance.now()
    const result = spawnSync(file ?? '', args, {
      cwd,
      env: { ...quietEnv, ...env },
      encoding: 'utf8',
    })
    const ms = performance.now() - started
    if (result.status !== 0)
      throw new Error(`${command.join(' ')} failed: ${result.stderr}${result.stdout}`)
    if (cpuOf && cpuTimer) {
      const [user, system] = readFileSync(cpuFile, 'utf8').trim().split(' ').map(Number)
      lastCpuMs = ((user ?? 0) + (system ?? 0)) * 1000
    }
    return ms
  }
  const peer = async (command: (dir: string) => string[]) => {
    const dir = await fresh()
    return time(command(dir), join(dir, 'proj'), { HOME: join(dir, 'home') }, true)
  }
  // The peers copy files and nothing else, so skillship is timed doing the same
  // (--skip-runtimes); the `runtimes` row adds the environments, with their folder warm.
  const skillship = async (
    agents: string[],
    store: string,
    args: string[] = ['install', '--skip-runtimes'],
    extra: Record<string, string> = {},
    nodeArgs: string[] = [],
    cli = bin,
  ) => {
    const dir = await fresh()
    await writeFile(join(dir, 'proj', 'skillship.json'), manifest(agents))
    const env = {
      HOME: join(dir, 'home'),
      SKILLSHIP_HOME: join(dir, 'home/.skillship'),
      SKILLSHIP_STORE: store,
      ...extra,
    }
    const ms = time(
      [process.execPath, ...nodeArgs, cli, ...args],
      join(dir, 'proj'),
      env,
      false,
      cli === bin || cli === baselineBin,
    )
    return { ms, dir, env, cpu: lastCpuMs }
  }

  // `add` of the 50 registry skills into an empty project, and `install --frozen` of the lock it
  // wrote in another empty project: the same skills placed from the same store, so the difference
  // is what `add` resolves (one batched documents request).
  const addAndFrozen = async (store: string, cli = bin) => {
    const added = await fresh()
    const env = (dir: string) => ({
      HOME: join(dir, 'home'),
      SKILLSHIP_HOME: join(dir, 'home/.skillship'),
      SKILLSHIP_STORE: store,
      SKILLSHIP_REGISTRY: server.url,
    })
    const run = (args: string[], dir: string) => {
      const ms = time([process.execPath, cli, ...args], join(dir, 'proj'), env(dir), false, true)
      return { ms, cpu: lastCpuMs }
    }
    const add = run(['add', ...generated.names, '--agent', 'claude-code', '--skip-runtimes'], added)
    const frozenDir = await fresh()
    for (const file of ['skillship.json', 'skillship.lock'])
      await cp(join(added, 'proj', file), join(frozenDir, 'proj', file))
    const frozen = run(['install', '--frozen', '--skip-runtimes'], frozenDir)
    return { add: add.ms, frozen: frozen.ms, addCpu: add.cpu, frozenCpu: frozen.cpu }
  }

  const results: Record<string, number[]> = {
    skills: [],
    openskills: [],
    cold: [],
    warm: [],
    noop: [],
    one: [],
    six: [],
    floor: [],
    warmFloor: [],
    coldFloor: [],
    node: [],
    load: [],
    warmFs: [],
    runtimes: [],
    add: [],
    frozen: [],
    // CPU time of this build and of the baseline build (SKILLSHIP_BENCH_BASELINE), same rounds.
    warmCpu: [],
    noopCpu: [],
    addCpu: [],
    frozenCpu: [],
    baseWarm: [],
    baseNoop: [],
    baseAdd: [],
    baseFrozen: [],
    baseWarmCpu: [],
    baseNoopCpu: [],
    baseAddCpu: [],
    baseFrozenCpu: [],
  }
  let fsCalls = 0
  // The baseline build's rows of one round, right after this build's warm and no-op installs.
  const baselineRound = async (cli: string) => {
    const warm = await skillship(['claude-code'], warmStore, undefined, {}, [], cli)
    results['baseWarm']?.push(warm.ms)
    results['baseWarmCpu']?.push(warm.cpu)
    const noopArgs = [process.execPath, cli, 'install', '--frozen', '--skip-runtimes']
    results['baseNoop']?.push(time(noopArgs, join(warm.dir, 'proj'), warm.env, false, true))
    results['baseNoopCpu']?.push(lastCpuMs)
    const added = await addAndFrozen(warmStore, cli)
    results['baseAdd']?.push(added.add)
    results['baseFrozen']?.push(added.frozen)
    results['baseAddCpu']?.push(added.addCpu)
    results['baseFrozenCpu']?.push(added.frozenCpu)
  }
  const warmStore = join(work, 'warm-store')
  await skillship(['claude-code'], warmStore)
  // pip keeps this machine's index settings (PIP_* variables, and the real user's pip.conf while
  // HOME is a fresh folder); the envs are built once, here.
  const pipSettings = Object.entries(process.env).filter(([name]) => name.startsWith('PIP_'))
  // A machine that ran skillship before: its environments are built and its interpreters probed
  // (~/.skillship/cache), as for any second project on it.
  const warmEnvs = {
    SKILLSHIP_HOME: join(work, 'warm-home'),
    ...(Object.fromEntries(pipSettings) as Record<string, string>),
    XDG_CONFIG_HOME: process.env['XDG_CONFIG_HOME'] ?? join(homedir(), '.config'),
    SKILLSHIP_ENVS: join(work, 'warm-envs'),
  }
  await skillship(['claude-code'], warmStore, ['install'], warmEnvs)
  for (let i = 0; i < runs; i += 1) {
    // The filesystem floors, in the same round as the installs: this disk's speed drifts. Six
    // agents are three real folder sets (Qoder, Claude Code, and .agents/skills, which Codex,
    // Cursor, Copilot and Gemini CLI read themselves) where one agent is one set.
    results['floor']?.push(placementFloorMs(join(work, `floor-${i}`), extraForSix))
    const oneSetMs = placementFloorMs(join(work, `warm-floor-${i}`), oneSet)
    results['warmFloor']?.push(oneSetMs)
    results['coldFloor']?.push(oneSetMs + storeFloorMs(join(work, `store-floor-${i}`), storeWork))
    results['node']?.push(time([process.execPath, '-e', '0'], work, {}, false))
    results['load']?.push(time([process.execPath, loadInstallCode], work, {}, false))
    results['skills']?.push(
      await peer(() => [
        process.execPath,
        join(peersDir, 'node_modules/skills/bin/cli.mjs'),
        'add',
        src,
        '--skill',
        '*',
        '-a',
        'claude-code',
        '-y',
      ]),
    )
    results['openskills']?.push(
      await peer(() => [
        process.execPath,
        join(peersDir, 'node_modules/openskills/dist/cli.js'),
        'install',
        join(src, 'skills'),
        '-y',
      ]),
    )
    results['cold']?.push((await skillship(['claude-code'], join(work, `cold-store-${i}`))).ms)
    const warm = await skillship(['claude-code'], warmStore)
    results['warm']?.push(warm.ms)
    results['warmCpu']?.push(warm.cpu)
    results['noop']?.push(
      time(
        [process.execPath, bin, 'install', '--frozen', '--skip-runtimes'],
        join(warm.dir, 'proj'),
        warm.env,
        false,
        true,
      ),
    )
    results['noopCpu']?.push(lastCpuMs)
    if (baselineBin !== undefined) await baselineRound(baselineBin)
    results['one']?.push((await skillship(['qoder'], warmStore)).ms)
    // The same warm install once more, its synchronous filesystem calls timed inside the process.
    const fsTimeFile = join(work, `fs-time-${i}.json`)
    await skillship(
      ['claude-code'],
      warmStore,
      undefined,
      { SKILLSHIP_BENCH_FS_TIME: fsTimeFile },
      ['-r', syncFsTime],
    )
    const fsTime = JSON.parse(await readFile(fsTimeFile, 'utf8')) as { ms: number; calls: number }
    results['warmFs']?.push(fsTime.ms)
    fsCalls = fsTime.calls
    results['runtimes']?.push(
      (await skillship(['claude-code'], warmStore, ['install'], warmEnvs)).ms,
    )
    const added = await addAndFrozen(warmStore)
    results['add']?.push(added.add)
    results['frozen']?.push(added.frozen)
    results['addCpu']?.push(added.addCpu)
    results['frozenCpu']?.push(added.frozenCpu)
    results['six']?.push(
      (await skillship(['qoder', 'claude-code', 'codex', 'cursor', 'copilot', 'gemini'], warmStore))
        .ms,
    )
  }
  await server.stop()

  const m = (key: string) => median(results[key] ?? [])
  const fastest = Math.min(m('skills'), m('openskills'))
  const fastestName = m('skills') <= m('openskills') ? 'skills' : 'openskills'
  // Every command here is a Node process: its start is shared cost, so the ratios are also given
  // on the work after it (median minus an empty `node -e 0`).
  const afterStart = (key: string) => Math.max(m(key) - m('node'), 1)
  const fastestWork = Math.min(afterStart('skills'), afterStart('openskills'))
  // The least an install can take here, against the time a target allows.
  const floorRow = (what: string, floorMs: number, allowedMs: number) =>
    `| ${what} | ${floorMs.toFixed(0)} ms | | the target allows ${allowedMs.toFixed(0)} ms in all |`
  const row = (what: string, key: string, target: string) =>
    `| ${what} | ${m(key).toFixed(0)} ms | ${afterStart(key).toFixed(0)} ms | ${target} |`
  const faster = (key: string, goal: string) =>
    `${(fastest / m(key)).toFixed(2)}x faster than ${fastestName}; ${(fastestWork / afterStart(key)).toFixed(2)}x on work (target >= ${goal})`
  // This build against the baseline build, wall and CPU medians of the same rounds.
  const baselineRows = (): string[] => {
    if (baselineBin === undefined || (results['baseWarm'] ?? []).length === 0) return []
    const pair = (what: string, key: string, base: string) =>
      `| ${what}: this build / the baseline build | ${m(key).toFixed(0)} / ${m(base).toFixed(0)} ms wall; ${m(`${key}Cpu`).toFixed(0)} / ${m(`${base}Cpu`).toFixed(0)} ms CPU | | ${(m(key) / m(base)).toFixed(2)}x wall, ${(m(`${key}Cpu`) / m(`${base}Cpu`)).toFixed(2)}x CPU (target <= 1.2x) |`
    return [
      pair('warm-store install into a new project', 'warm', 'baseWarm'),
      pair('no-op `install --frozen`', 'noop', 'baseNoop'),
      `| \`add\` of 50 registry skills / \`install --frozen\` of its lock, CPU | ${m('addCpu').toFixed(0)} / ${m('frozenCpu').toFixed(0)} ms | | ${(m('addCpu') / m('frozenCpu')).toFixed(2)}x (baseline build: ${(m('baseAddCpu') / m('baseFrozenCpu')).toFixed(2)}x) |`,
    ]
  }
  const table = [
    `Measured ${new Date().toISOString().slice(0, 16)}Z on ${await machineLine()}; 50 generated skills (5 files each), ${runs} runs each, median wall time of the whole command (process start included)${canUnshare ? '; peers ran without network (unshare -n)' : ''}.`,
    '',
    '| what | median | after process start | ratio / target |',
    '|---|---|---|---|',
    row('`node -e 0` (process start alone)', 'node', 'baseline'),
    row('`skills` 1.5 add (local folder -> claude-code)', 'skills', 'peer'),
    row('`openskills` install (local folder -> .claude/skills)', 'openskills', 'peer'),
    row(
      'skillship cold install (empty store, local registry -> claude-code)',
      'cold',
      faster('cold', '2x'),
    ),
    row('skillship warm-store install into a new project', 'warm', faster('warm', '4x')),
    row(
      'skillship no-op `install --frozen`',
      'noop',
      `${(m('noop') / 150).toFixed(2)}x the 150 ms budget`,
    ),
    row(
      'skillship warm install with runtimes (every skill checked for its env; envs built before)',
      'runtimes',
      `+${(m('runtimes') - m('warm')).toFixed(0)} ms over the same install with --skip-runtimes`,
    ),
    row(
      'skillship `install --frozen` of the lock `add` wrote, into a new project (warm store)',
      'frozen',
      'baseline of the next row',
    ),
    row(
      'skillship `add` of the same 50 registry skills into an empty project (warm store)',
      'add',
      `${(m('add') / m('frozen')).toFixed(2)}x \`install --frozen\` (target <= 1.2x)`,
    ),
    row('skillship warm install into 1 agent (qoder)', 'one', '1.00'),
    row(
      'skillship warm install into 6 agents',
      'six',
      `${(m('six') / m('one')).toFixed(2)}x one agent (target < 1.3x)`,
    ),
    `| the filesystem work alone that 5 more agents add here (${floorSyscalls(extraForSix)}; no installer around them) | ${m('floor').toFixed(0)} ms | | the least any 6-agent install adds: ${((m('one') + m('floor')) / m('one')).toFixed(2)}x one agent |`,
    floorRow(
      `process start + the filesystem work alone of a warm install into one agent (${floorSyscalls(oneSet)})`,
      m('node') + m('warmFloor'),
      fastest / 4,
    ),
    floorRow(
      `process start + the filesystem work alone of a cold install (the same, plus ${storeWork.entries} store entries: ${storeWork.entries * (storeWork.foldersPerSkill + 1)} mkdir, ${storeWork.entries * (storeWork.filesPerSkill + 1)} files written, ${storeWork.entries} rename)`,
      m('node') + m('coldFloor'),
      fastest / 2,
    ),
    row(
      'loading the install code alone (`bench/load-install-code.cjs`: the bundle through its code cache, node:http and node:crypto; nothing run)',
      'load',
      `+${(m('load') - m('node')).toFixed(0)} ms over process start`,
    ),
    floorRow(
      `process start + that code load + the synchronous filesystem calls of skillship's own warm install into one agent (${fsCalls} calls: store seals checked, folders built and linked, lockfile and state written; ${m('warmFs').toFixed(0)} ms, timed inside the process by \`bench/sync-fs-time.cjs\`)`,
      m('load') + m('warmFs'),
      fastest / 4,
    ),
    ...baselineRows(),
  ].join('\n')
  console.log(table)
  await updateBenchmarksDoc('install', table)
} finally {
  await rm(work, { recursive: true, force: true })
  await rm(generated.root, { recursive: true, force: true })
}
