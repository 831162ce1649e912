#!/usr/bin/env node
// Builds the web console's client files into apps/server/console-assets/ (git-ignored): one
// minified ES module per island (console-client/*.ts: catalog.js, charts.js, uPlot inside the
// latter) and console.css (the console's stylesheet followed by uPlot's). The server reads the
// folder at start (apps/server/src/console/console-assets.ts) and serves it under /assets/.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { build } from 'esbuild'

const root = new URL('../', import.meta.url).pathname
const client = `${root}apps/server/console-client/`
const outdir = `${root}apps/server/console-assets/`
const islands = ['catalog', 'charts']

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
const css = [
  await readFile(`${client}console.css`, 'utf8'),
  await readFile(`${root}node_modules/uplot/dist/uPlot.min.css`, 'utf8'),
]
await writeFile(`${outdir}console.css`, css.join('\n'))
