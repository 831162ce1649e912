#!/usr/bin/env node
// Builds the web console's client files into apps/server/console-assets/ (git-ignored): one
// minified ES module per island (console-client/*.ts: catalog.js) and console.css. Charts are
// SVG rendered on the server (apps/server/src/console/chart-data.ts): no client code. The server reads the
// folder at start (apps/server/src/console/console-assets.ts) and serves it under /assets/.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url).pathname
const client = `${root}apps/server/console-client/`
const outdir = `${root}apps/server/console-assets/`
const islands = ['catalog']

await rm(outdir, { recursive: true, force: true })
await mkdir(outdir, { recursive: true })
await build({
  entryPoints: islands.map((name) => `${client}${name}.ts`),
  outdir,
  bundle: true,
  minify: true,
  format: 'esm',
  target: 'es2022',
  platform: 'browser',
  legalComments: 'none',
  logLevel: 'warning',
})
await writeFile(`${outdir}console.css`, await readFile(`${client}console.css`, 'utf8'))
