#!/usr/bin/env node
// Lighthouse 12.2.3 (pinned: later majors need Node 22) over Debian's chromium, for the console's
// CI test and bench/console.ts. Run as its own process so Lighthouse's memory and types stay out
// of the test runner. Usage:
//   node scripts/lighthouse-scores.mjs --categories accessibility,best-practices [--cookie 'a=b'] URL...
// Prints one JSON object: { "<url>": { "<category>": score 0..100, "benchmarkIndex": n, "failed": [audit ids] } }.
import { parseArgs } from 'node:util'
import { launch } from 'chrome-launcher'
import lighthouse from 'lighthouse'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    categories: { type: 'string', default: 'performance,accessibility,best-practices' },
    cookie: { type: 'string' },
  },
})
const chromePath = process.env.SKILLSHIP_CHROMIUM ?? '/usr/bin/chromium'
const chrome = await launch({
  chromePath,
  chromeFlags: [
    '--headless=new',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
})
const results = {}
try {
  for (const url of positionals) {
    const run = await lighthouse(url, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: values.categories.split(','),
      ...(values.cookie === undefined ? {} : { extraHeaders: { Cookie: values.cookie } }),
    })
    if (run === undefined) throw new Error(`Lighthouse returned nothing for ${url}`)
    const { lhr } = run
    if (lhr.runtimeError !== undefined) throw new Error(`${url}: ${lhr.runtimeError.message}`)
    const scores = {}
    for (const [id, category] of Object.entries(lhr.categories)) {
      scores[id] = Math.round((category.score ?? 0) * 100)
    }
    // Lighthouse's own CPU benchmark of this machine at the time of the run: simulated
    // throttling multiplies the observed main-thread time by 4, so a busy host scores lower.
    scores.benchmarkIndex = Math.round(lhr.environment.benchmarkIndex)
    scores.failed = Object.values(lhr.audits)
      .filter(
        (audit) => audit.score !== null && audit.score < 1 && audit.scoreDisplayMode === 'binary',
      )
      .map((audit) => audit.id)
    results[url] = scores
  }
} finally {
  await chrome.kill()
}
process.stdout.write(`${JSON.stringify(results)}\n`)
