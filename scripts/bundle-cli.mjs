#!/usr/bin/env node
// Bundles the CLI into apps/cli/bundle/ as CommonJS: main.js (argv, --version, io, proxy), one
// self-contained bundle per command module (install.js, lint.js, ...), help.js (usage and unknown
// commands) and vendor-*.js. On Node 20 the ESM loader costs more per module than the CommonJS one,
// importing node:fs or node:crypto from ESM builds a facade that reads every export (fs.promises,
// streams, crypto.webcrypto), and there is no compile cache: bin/load-bundle.js adds a V8 one.
//
// Each command bundle holds run-cli.ts, the output layer and its command, so a coded error thrown
// in a command meets the `isSkillshipError` of its own copy of core: no class crosses a bundle.
// main.js only picks the bundle by command name (run-cli.ts's table) and calls that bundle's
// runCli; the bundle's imports of other commands are stubs that fail loudly should that routing be
// wrong.
// better-sqlite3 and pg-native (native addons) and undici stay external, loaded from node_modules.
// better-sqlite3 is required on first use, not when the server's code loads (lazySqlitePlugin):
// the installable CLI has it as an optional dependency, and PostgreSQL needs no SQLite driver.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url).pathname
const src = `${root}apps/cli/src/`
const outdir = `${root}apps/cli/bundle/`
const runCliPath = `${src}run-cli.ts`

// Large packages that commands reach only behind a lazy import (YAML frontmatter when linting or
// fixing, zip archives, TOML runtime declarations): one shared file each, so a command that never
// calls them never reads them. Being the only copy, their classes stay one class too.
const vendored = ['yaml', 'yauzl', 'smol-toml']
// Large packages that only some runs of a command use, imported statically by modules that every
// run evaluates (the audit's JavaScript parser and regular-expression engine, the OpenSSH key
// reader): one shared file each, required on the first read of one of its exports, so an install
// that scans nothing and parses no OpenSSH key neither reads nor compiles them.
const lazyVendored = ['@babel/parser', 're2js', 'sshpk']
const vendorFile = (name) => `vendor-${name.replace(/^@/, '').replace(/\//g, '-')}`

const commandModules = readCommandTable(await readFile(runCliPath, 'utf8'))
const modules = [...new Set(Object.values(commandModules))]
for (const module of modules) {
  if (module === 'main' || module === 'help' || module.startsWith('vendor-')) {
    throw new Error(`a command module may not be named ${module}`)
  }
}

await rm(outdir, { recursive: true, force: true })
await mkdir(outdir, { recursive: true })
// The folder's files are CommonJS although apps/cli/package.json says "type": "module".
await writeFile(`${outdir}package.json`, '{ "type": "commonjs" }\n')
await Promise.all([
  bundle('main', { entryPoints: [`${src}main.ts`] }, [dispatchPlugin()]),
  bundle('help', { entryPoints: [runCliPath] }, [commandsPlugin(undefined), vendorPlugin()]),
  ...modules.map((module) =>
    bundle(module, { entryPoints: [runCliPath] }, [
      commandsPlugin(module),
      vendorPlugin(),
      lazySqlitePlugin(),
    ]),
  ),
  // The server's worker threads, started as ./<name>.js beside the server bundle
  // (apps/server/src/threads/worker-script.ts): the audit pool's and the health listener's.
  bundle('audit-worker', { entryPoints: [`${root}apps/server/src/audit/audit-worker.ts`] }),
  bundle('health-worker', { entryPoints: [`${root}apps/server/src/health/health-worker.ts`] }),
  ...[...vendored, ...lazyVendored].map((name) =>
    bundle(vendorFile(name), {
      stdin: { contents: `module.exports = require('${name}')`, resolveDir: root },
    }),
  ),
])
// The web console's built client files (scripts/bundle-console.mjs), found by the server beside
// the bundle (bin/../bundle/console-assets); without them the console serves plain HTML pages.
const consoleAssets = `${root}apps/server/console-assets/`
if (existsSync(consoleAssets))
  await cp(consoleAssets, `${outdir}console-assets/`, { recursive: true })

/**
 * Command name -> module name from run-cli.ts's table (`install: async () => (await
 * import('./commands/install.js')).installCommand`). Fails when an import of a command escapes
 * that pattern, since its command would then have no bundle.
 */
function readCommandTable(source) {
  const entry =
    /^\s*'?([a-z][a-z-]*)'?: async \(\) => \(await import\('\.\/commands\/([a-z-]+)\.js'\)\)/gm
  const table = Object.fromEntries([...source.matchAll(entry)].map((m) => [m[1], m[2]]))
  const imports = source.match(/import\('\.\/commands\//g) ?? []
  if (imports.length === 0 || imports.length !== Object.keys(table).length) {
    throw new Error('run-cli.ts: the command table changed shape; update scripts/bundle-cli.mjs')
  }
  return table
}

async function bundle(name, entry, plugins = []) {
  const result = await build({
    ...entry,
    bundle: true,
    write: false,
    outfile: `${outdir}${name}.js`,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    // Workspace packages are bundled from their TypeScript sources.
    conditions: ['skillship-source'],
    external: ['better-sqlite3', 'pg-native', 'undici'],
    // Dynamic imports become require(): bin/load-bundle.js compiles with vm.Script, which has no
    // import() callback, and the CommonJS loader is the cheap one.
    supported: { 'dynamic-import': false },
    // Reading the source is a cost of its own (about 13 ms per MB here), cached or not. Names stay,
    // for stack traces.
    minifyWhitespace: true,
    minifySyntax: true,
    // main.ts and server.ts find apps/cli/package.json from import.meta.url, which CJS lacks: a
    // getter, since building the URL costs about 0.5 ms and only `--version` and `server` read it.
    // The banner starts with the directive, or it would push esbuild's out of the prologue.
    define: { 'import.meta': '__skillshipMeta' },
    banner: {
      js: "'use strict';\nvar __skillshipMeta = { get url() { return require('node:url').pathToFileURL(__filename).href } };",
    },
    plugins,
    logLevel: 'warning',
    legalComments: 'none',
  })
  for (const file of result.outputFiles) {
    // A real call has an argument; `import()` and `import(...)` are words inside messages (Babel's).
    if (/\bimport\((?![).])/.test(file.text)) throw new Error(`${name}.js still calls import()`)
    await writeFile(file.path, stamp(file.text))
  }
}

// The first line names the content's hash: bin/load-bundle.js keys its code cache on it, so a
// rebuilt bundle never meets a cache made for other source (V8 itself checks only the length).
function stamp(text) {
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16)
  return `// skillship-bundle ${hash}\n${text}`
}

/** run-cli.ts's import of `own` is bundled; every other command's import becomes a stub. */
function commandsPlugin(own) {
  return {
    name: 'skillship-commands',
    setup(b) {
      b.onResolve({ filter: /^\.\/commands\/[a-z-]+\.js$/ }, (args) => {
        const module = args.path.slice('./commands/'.length, -'.js'.length)
        if (args.importer !== runCliPath || module === own) return undefined
        return { path: module, namespace: 'absent-command' }
      })
      b.onLoad({ filter: /.*/, namespace: 'absent-command' }, (args) => ({
        contents: `throw new Error('skillship: commands/${args.path} is not in the ${own ?? 'help'} bundle (scripts/bundle-cli.mjs routes by command name)')`,
        loader: 'js',
      }))
    },
  }
}

/**
 * Imports of a vendored package require its shared file; imports of a lazily vendored one get a
 * stand-in with a getter per export of the package (listed from the package itself at build time)
 * that requires the shared file on first use.
 */
function vendorPlugin() {
  const quoteRegExp = (name) => name.replace(/[/.]/g, '\\$&')
  const filter = new RegExp(`^(${vendored.map(quoteRegExp).join('|')})$`)
  const lazyFilter = new RegExp(`^(${lazyVendored.map(quoteRegExp).join('|')})$`)
  const require = createRequire(`${root}package.json`)
  return {
    name: 'skillship-vendor',
    setup(b) {
      b.onResolve({ filter }, (args) => ({ path: `./${vendorFile(args.path)}.js`, external: true }))
      b.onResolve({ filter: lazyFilter }, (args) => ({ path: args.path, namespace: 'lazy-vendor' }))
      // The stand-in's own require of the shared file.
      b.onResolve({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({
        path: args.path,
        external: true,
      }))
      b.onLoad({ filter: /.*/, namespace: 'lazy-vendor' }, (args) => ({
        contents: lazyStandIn(vendorFile(args.path), require(args.path)),
        loader: 'js',
      }))
    },
  }
}

function lazyStandIn(file, real) {
  const names = Object.keys(real)
  if (names.length === 0) throw new Error(`${file}: the package exports nothing to stand in for`)
  const getter = (name) =>
    `  get ${JSON.stringify(name)}() { return load()[${JSON.stringify(name)}] },`
  // An ES module compiled to CommonJS says so (__esModule), which decides what a default import is.
  const esModule =
    real.__esModule === true
      ? "\nObject.defineProperty(module.exports, '__esModule', { value: true })"
      : ''
  return `let loaded
const load = () => (loaded ??= require('./${file}.js'))
module.exports = {
${names.map(getter).join('\n')}
}${esModule}
`
}

/** main.ts's import of run-cli.js becomes a dispatcher that requires the command's bundle. */
function dispatchPlugin() {
  return {
    name: 'skillship-dispatch',
    setup(b) {
      b.onResolve({ filter: /^\.\/run-cli\.js$/ }, () => ({
        path: 'run-cli',
        namespace: 'dispatch',
      }))
      b.onResolve({ filter: /.*/, namespace: 'dispatch' }, (args) => ({
        path: args.path,
        external: true,
      }))
      b.onLoad({ filter: /.*/, namespace: 'dispatch' }, () => ({
        contents: dispatcher(),
        loader: 'js',
      }))
    },
  }
}

// `help <command>`, `--help <command>` and `-h <command>` print that command's usage, so they go to
// its bundle; no command, `help` alone and unknown names go to help.js.
function dispatcher() {
  const loaders = Object.entries(commandModules).map(
    ([command, module]) => `  ${JSON.stringify(command)}: () => require('./${module}.js'),`,
  )
  return `const bundles = {\n${loaders.join('\n')}\n}
export function runCli(argv, io) {
  const [first, second] = argv
  const name = first === 'help' || first === '--help' || first === '-h' ? second : first
  const load = name !== undefined && Object.hasOwn(bundles, name) ? bundles[name] : () => require('./help.js')
  return load().runCli(argv, io)
}
`
}

/**
 * The server's `import BetterSqlite3 from 'better-sqlite3'` becomes a stand-in that requires the
 * driver when a database is first opened (or SqliteError first read). Without the driver, the
 * server's code still loads, PostgreSQL works, and opening SQLite fails with Node's
 * MODULE_NOT_FOUND, which `skillship server` reports as SERVE_SQLITE_UNAVAILABLE.
 */
function lazySqlitePlugin() {
  return {
    name: 'skillship-lazy-sqlite',
    setup(b) {
      b.onResolve({ filter: /^better-sqlite3$/ }, (args) =>
        args.namespace === 'lazy-sqlite'
          ? { path: args.path, external: true }
          : { path: 'better-sqlite3', namespace: 'lazy-sqlite' },
      )
      b.onLoad({ filter: /.*/, namespace: 'lazy-sqlite' }, () => ({
        contents: `let driver
const load = () => (driver ??= require('better-sqlite3'))
function Database(...args) { return new (load())(...args) }
Object.defineProperty(Database, 'SqliteError', { get: () => load().SqliteError })
module.exports = Database
`,
        loader: 'js',
      }))
    },
  }
}
