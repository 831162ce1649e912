#!/usr/bin/env node
// `npm run pack:cli [-- --out DIR] [-- --no-build]`: builds the CLI's bundles and packs them as the
// installable `skillship-<version>.tgz` (default: the repository root), for
// `npm install -g ./skillship-<version>.tgz`. --no-build packs the bundles as they are (tests do:
// `npm test` built them, and rebuilding would swap them under the suites that run them).
//
// The tarball comes from a generated staging package, not from apps/cli: apps/cli's package.json
// names the workspace packages, which are not published; the bundles already hold their code
// (and the server's, loaded only by `skillship server`). Its dependencies are what the bundles
// leave external: undici (the proxy agent, loaded only behind a proxy) and, optional, better-sqlite3
// (a native addon: on a machine that can neither download its prebuilt binary nor compile it, npm
// skips it and every command but `server` with embedded SQLite works; `server` then answers
// SERVE_SQLITE_UNAVAILABLE naming the fix). No install scripts of its own.
import { spawnSync } from 'node:child_process'
import { cp, mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'

const root = new URL('../', import.meta.url).pathname
const { values } = parseArgs({
  options: { out: { type: 'string' }, 'no-build': { type: 'boolean' } },
})
const out = resolve(values.out ?? root)
// Beside the tarball, so two packs into different folders never share a staging folder.
const staging = `${out}/.skillship-pack-staging/`

const readManifest = async (path) => JSON.parse(await readFile(`${root}${path}`, 'utf8'))
const cli = await readManifest('apps/cli/package.json')
const server = await readManifest('apps/server/package.json')
const rootManifest = await readManifest('package.json')

if (values['no-build'] !== true) run(process.execPath, [`${root}scripts/bundle-cli.mjs`], root)

await rm(staging, { recursive: true, force: true })
await mkdir(`${staging}bundle`, { recursive: true })
await cp(`${root}apps/cli/bin/`, `${staging}bin/`, { recursive: true })
// The bundle folder's files, not its code cache (bundle/.v8-cache), which is per machine.
for (const entry of await readdir(`${root}apps/cli/bundle/`, { withFileTypes: true })) {
  if (entry.isFile())
    await cp(`${root}apps/cli/bundle/${entry.name}`, `${staging}bundle/${entry.name}`)
}
await cp(`${root}apps/cli/bundle/console-assets/`, `${staging}bundle/console-assets/`, {
  recursive: true,
})
await cp(`${root}README.md`, `${staging}README.md`)
await writeFile(
  `${staging}package.json`,
  `${JSON.stringify(
    {
      name: 'skillship',
      version: cli.version,
      description: rootManifest.description,
      license: rootManifest.license,
      engines: cli.engines,
      bin: { skillship: 'bin/skillship.js' },
      files: ['bin', 'bundle/*.js', 'bundle/package.json', 'bundle/console-assets'],
      dependencies: { undici: cli.dependencies.undici },
      optionalDependencies: { 'better-sqlite3': server.dependencies['better-sqlite3'] },
    },
    null,
    2,
  )}\n`,
)

await mkdir(out, { recursive: true })
const packed = run('npm', ['pack', '--json', '--pack-destination', out], staging)
await rm(staging, { recursive: true, force: true })
const [{ filename }] = JSON.parse(packed)
console.log(resolve(out, filename))

function run(bin, args, cwd) {
  const result = spawnSync(bin, args, {
    cwd,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  if (result.status !== 0) {
    throw new Error(`${bin} ${args.join(' ')} failed (${result.status ?? result.signal})`)
  }
  return result.stdout
}
