import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithChromium } from '../../test/chromium.js'
import { type ConsoleFixture, startConsoleFixture } from '../../test/console-fixture.js'

// Lighthouse 12.2.3 with Debian's chromium against the real server: accessibility and best
// practices of the catalog, skill and experiment pages (signed in). Performance is measured in
// bench/console.ts (median of 3 runs), not asserted here: it depends on the machine's load.
const run = promisify(execFile)
const script = new URL('../../../../scripts/lighthouse-scores.mjs', import.meta.url).pathname

let fixture: ConsoleFixture

describeWithChromium('console under Lighthouse', () => {
  beforeAll(async () => {
    fixture = await startConsoleFixture()
  })

  afterAll(async () => {
    await fixture?.close()
  })

  it('scores accessibility and best practices >= 95 on catalog, skill and experiment pages', {
    timeout: 300_000,
  }, async () => {
    const urls = Object.values(fixture.pages)
    const { stdout } = await run(
      process.execPath,
      [script, '--categories', 'accessibility,best-practices', '--cookie', fixture.cookie, ...urls],
      { maxBuffer: 16 * 1024 * 1024, timeout: 280_000 },
    )
    const scores = JSON.parse(stdout) as Record<string, Record<string, number | string[]>>
    for (const url of urls) {
      const page = scores[url]
      expect(page?.['accessibility'], `${url} ${JSON.stringify(page)}`).toBeGreaterThanOrEqual(95)
      expect(page?.['best-practices'], `${url} ${JSON.stringify(page)}`).toBeGreaterThanOrEqual(95)
    }
  })
})
