// Load cost of each HTTP client the registry client could use: `node bench/http-client-load.mjs`.
// Each case runs in a fresh `node` process that loads the client and prints its own CPU time
// (user + system, which includes Node's start); the median of 15 runs, and the cost over the
// baseline run in the same session. got and ky are measured only when resolvable from the
// working folder (they are not dependencies: `npm install got@14 ky@1` in a scratch folder and
// run from there with SKILLSHIP_ROOT pointing at this repository).
import { execFileSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'

const root = process.env.SKILLSHIP_ROOT ?? new URL('..', import.meta.url).pathname
const undici = pathToFileURL(createRequire(`${root}/package.json`).resolve('undici')).href
const resolvable = (name) => {
  try {
    createRequire(`${process.cwd()}/`).resolve(name)
    return true
  } catch (error) {
    if (error.code === 'MODULE_NOT_FOUND') return false
    throw error
  }
}
const firstFetch = "try { await fetch('http://127.0.0.1:1/') } catch (error) { void error }"
const cases = {
  baseline: '',
  'node:http': "await import('node:http')",
  'node:http + node:https': "await import('node:http'); await import('node:https')",
  'undici (npm, request API)': `await import('${undici}')`,
  'global fetch, first use': firstFetch,
  ...(resolvable('got') ? { 'got@14': "await import('got')" } : {}),
  ...(resolvable('ky') ? { 'ky@1 + global fetch': `await import('ky'); ${firstFetch}` } : {}),
}
const runs = 15
let baseline = 0
for (const [name, code] of Object.entries(cases)) {
  const samples = []
  for (let run = 0; run < runs; run += 1) {
    const script = `${code}; const u = process.cpuUsage(); console.log((u.user + u.system) / 1000)`
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script])
    samples.push(Number(out.toString()))
  }
  samples.sort((a, b) => a - b)
  const median = samples[runs >> 1]
  if (name === 'baseline') baseline = median
  const extra = name === 'baseline' ? '' : ` (+${(median - baseline).toFixed(1)} ms)`
  console.log(`${name.padEnd(28)} median CPU ${median.toFixed(1)} ms${extra}`)
}
