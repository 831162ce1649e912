#!/usr/bin/env node
// Bundles the CLI into apps/cli/bundle/ (ESM, one chunk per lazily loaded command), so a command
// loads a few files instead of hundreds of modules: Node 20 has no compile cache, and module
// resolution and compilation were most of the time of a no-op `skillship install`.
// better-sqlite3 (a native addon) and undici stay external, loaded from node_modules.
import { rm } from 'node:fs/promises'
import { build } from 'esbuild'

const outdir = new URL('../apps/cli/bundle/', import.meta.url).pathname
await rm(outdir, { recursive: true, force: true })
await build({
  entryPoints: [new URL('../apps/cli/src/main.ts', import.meta.url).pathname],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Workspace packages are bundled from their TypeScript sources.
  conditions: ['skillship-source'],
  // undici is only loaded behind a proxy, and its CommonJS exports are not visible through a bundled dynamic import.
  external: ['better-sqlite3', 'pg-native', 'undici'],
  // CommonJS dependencies (semver, pino, yauzl, ...) call require(); ESM has none.
  banner: {
    js: "import { createRequire as __skillshipRequire } from 'node:module'; const require = __skillshipRequire(import.meta.url);",
  },
  logLevel: 'warning',
  legalComments: 'none',
})
