import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { hasTool, repoRoot, run } from './tools.js'

// No Docker engine here, and hadolint is not packaged for Debian: this checklist is the lint
// (docs/deploy.md, "Container image"). When hadolint is on PATH it runs too.

interface Instruction {
  readonly keyword: string
  readonly args: string
  readonly stage: number
}

/** Parses the Dockerfile into instructions (continuation lines joined, comments dropped). */
function instructions(text: string): Instruction[] {
  const joined = text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n')
    .replace(/\\\n/g, ' ')
  const result: Instruction[] = []
  let stage = -1
  for (const line of joined.split('\n')) {
    const match = /^\s*([A-Za-z]+)\s+(.*)$/.exec(line)
    if (!match) continue
    const keyword = (match[1] ?? '').toUpperCase()
    if (keyword === 'FROM') stage++
    result.push({ keyword, args: (match[2] ?? '').trim(), stage })
  }
  return result
}

const dockerfile = readFileSync(join(repoRoot, 'deploy/docker/Dockerfile'), 'utf8')
const all = instructions(dockerfile)
const froms = all.filter((i) => i.keyword === 'FROM')
const runtimeStage = froms.length - 1
const runtime = all.filter((i) => i.stage === runtimeStage)
const runs = all.filter((i) => i.keyword === 'RUN').map((i) => i.args)

describe('deploy/docker/Dockerfile checklist', () => {
  it('is multi-stage: build, prune and a separate runtime stage', () => {
    expect(froms.map((f) => f.args.split(/\s+AS\s+/i)[1])).toEqual(['build', 'prune', 'runtime'])
    expect(runtime[0]?.args).toMatch(/^\$\{NODE_IMAGE\} AS runtime$/)
  })

  it('pins the base image to an exact Node version on bookworm-slim', () => {
    const arg = all.find((i) => i.keyword === 'ARG' && i.args.startsWith('NODE_IMAGE='))
    expect(arg?.args).toMatch(/^NODE_IMAGE=node:20\.\d+\.\d+-bookworm-slim$/)
    for (const from of froms) expect(from.args).not.toMatch(/:latest\b/)
  })

  it('runs as a non-root user, set before CMD in the runtime stage', () => {
    const user = runtime.findIndex((i) => i.keyword === 'USER')
    const cmd = runtime.findIndex((i) => i.keyword === 'CMD')
    expect(user).toBeGreaterThan(-1)
    expect(cmd).toBeGreaterThan(user)
    const name = runtime[user]?.args.split(':')[0]
    expect(['root', '0']).not.toContain(name)
  })

  it('uses exec-form CMD (node as PID 1) and no shell ENTRYPOINT', () => {
    const cmds = runtime.filter((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT')
    expect(cmds).toHaveLength(1)
    expect(JSON.parse(cmds[0]?.args ?? '')).toEqual([
      'node',
      'apps/cli/bin/skillship.js',
      'server',
      '--host',
      '0.0.0.0',
    ])
  })

  it('has a HEALTHCHECK on /livez of the health listener, run by node (no curl in the slim image)', () => {
    const check = runtime.find((i) => i.keyword === 'HEALTHCHECK')
    expect(check?.args).toMatch(/CMD \["node", "-e", /)
    expect(check?.args).toContain('/livez')
    expect(check?.args).toContain('process.env.SKILLSHIP_HEALTH_PORT||')
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(/SKILLSHIP_HEALTH_PORT=7465/)
    expect(check?.args).not.toMatch(/curl|wget/)
  })

  it('exposes 7464 and the health port 7465, and declares /data as SKILLSHIP_DATA and a volume', () => {
    expect(runtime.some((i) => i.keyword === 'EXPOSE' && i.args === '7464 7465')).toBe(true)
    expect(runtime.some((i) => i.keyword === 'VOLUME' && i.args === '["/data"]')).toBe(true)
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(/SKILLSHIP_DATA=\/data/)
  })

  it('turns the CLI code cache off (bundles read-only for the user, /data is data)', () => {
    expect(runtime.find((i) => i.keyword === 'ENV')?.args).toMatch(/SKILLSHIP_CODE_CACHE=0/)
  })

  it('installs with npm ci only, production dependencies in the runtime', () => {
    for (const args of runs) expect(args).not.toMatch(/npm (install|i)\b/)
    const prune = all.filter((i) => i.stage === 1 && i.keyword === 'RUN').map((i) => i.args)
    expect(prune.join(' ')).toMatch(/npm ci --omit=dev/)
    expect(prune.join(' ')).toMatch(/npm rebuild better-sqlite3/)
    const copies = runtime.filter((i) => i.keyword === 'COPY')
    expect(copies.find((c) => c.args.includes('node_modules'))?.args).toMatch(/^--from=prune /)
    // The runtime stage installs nothing and builds nothing.
    expect(
      runtime
        .filter((i) => i.keyword === 'RUN')
        .map((i) => i.args)
        .join(' '),
    ).not.toMatch(/npm|apt-get/)
  })

  it('builds with the commands CI runs (.ci/run and the package.json scripts)', () => {
    const ciScript = readFileSync(join(repoRoot, '.ci/run'), 'utf8')
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>
    }
    const build = all.filter((i) => i.stage === 0 && i.keyword === 'RUN').map((i) => i.args)
    expect(build).toContain('npm ci --no-audit --no-fund')
    expect(ciScript).toMatch(/^npm ci --no-audit --no-fund$/m)
    expect(build).toContain('npm run build')
    expect(pkg.scripts['build']).toBe(
      'tsc -b && node scripts/bundle-console.mjs && node scripts/bundle-cli.mjs',
    )
    // What the runtime copies is what the build produces and the bin loads: bin/ (CommonJS, with
    // its code-cache loader) and bundle/.
    const bin = readFileSync(join(repoRoot, 'apps/cli/bin/skillship.js'), 'utf8')
    expect(bin).toContain("require('./load-bundle.js')")
    expect(bin).toContain("'../bundle/main.js'")
    const bundler = readFileSync(join(repoRoot, 'scripts/bundle-cli.mjs'), 'utf8')
    expect(bundler).toMatch(/^const outdir = .*apps\/cli\/bundle\/`$/m)
    expect(bundler).toContain("external: ['better-sqlite3', 'pg-native', 'undici']")
    const copies = runtime.filter((i) => i.keyword === 'COPY').map((i) => i.args)
    expect(copies).toContain('--from=build /app/apps/cli/bin ./apps/cli/bin')
    expect(copies).toContain('--from=build /app/apps/cli/bundle ./apps/cli/bundle')
  })

  it.skipIf(!hasTool('hadolint'))('passes hadolint', () => {
    expect(run('hadolint', ['deploy/docker/Dockerfile']).output).toBe('')
  })
})
