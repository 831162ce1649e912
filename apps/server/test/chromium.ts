// Debian's chromium for the console's browser suites (playwright-core drives it; no browser is
// ever downloaded). .ci/run installs it. Locally a suite without it is skipped with one line;
// under CI its absence fails the suite, so CI never passes by skipping.
import { existsSync } from 'node:fs'
import { type Browser, chromium } from 'playwright-core'
import { describe, it } from 'vitest'
import { requiredByCi } from '../../../test/shared-material.js'

export const chromiumPath = process.env['SKILLSHIP_CHROMIUM'] ?? '/usr/bin/chromium'

/** Flags for a quiet, offline headless run on a CI box (no GPU, no sandbox as root). */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]

/** Playwright's `launch` gives every browser a fresh temporary --user-data-dir of its own. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs })
}

/** `describe` when chromium is there (or CI requires it), else one skipped line saying why. */
export function describeWithChromium(name: string, body: () => void): void {
  if (existsSync(chromiumPath) || requiredByCi()) {
    describe(name, body)
    return
  }
  describe(name, () => {
    it.skip(`needs chromium at ${chromiumPath} (apt-get install chromium)`, () => undefined)
  })
}
