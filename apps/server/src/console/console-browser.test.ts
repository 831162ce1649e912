import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { computeIntegrity } from '@skillship/core/node'
import { signatureHeader } from '@skillship/registry-client'
import {
  buildSkillStatement,
  exportSigningKey,
  generateSigningKey,
  signSkillStatement,
} from '@skillship/signing'
import { skillDigestOfArchive } from '@skillship/signing/node'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { describeWithChromium, launchChromium } from '../../test/chromium.js'
import { packTestSkill } from '../../test/registry-harness.js'
import { createTokenOffline } from '../app/offline-tokens.js'
import { type RunningServer, startServer } from '../app/start-server.js'
import { parseServerConfig } from '../config/server-config.js'

// One browser and one page for the whole suite (CI has two cores): the flow of a person using the
// console, then a hostile skill. Set SKILLSHIP_CONSOLE_SCREENSHOTS=docs/console to refresh the
// README's screenshots from this run.
const axeSource = readFileSync(new URL(import.meta.resolve('axe-core/axe.min.js')), 'utf8')
const screenshots = process.env['SKILLSHIP_CONSOLE_SCREENSHOTS']

let dataDir: string
let server: RunningServer
let adminToken: string
let browser: Browser
let page: Page
const dialogs: string[] = []
const pageErrors: string[] = []

async function api(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${adminToken}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body instanceof Uint8Array
      ? { body }
      : body === undefined
        ? {}
        : { body: JSON.stringify(body) }),
  })
}

async function publish(
  name: string,
  version: string,
  files: Record<string, string> = {},
  frontmatter = '',
) {
  const response = await api(
    'PUT',
    `/v1/skills/${name}`,
    await packTestSkill(name, version, files, frontmatter),
  )
  expect(response.status, await response.clone().text()).toBe(201)
}

/** A version signed by a publisher key registered with the admin token (docs/signing.md). */
async function publishSigned(name: string, version: string): Promise<void> {
  const key = generateSigningKey()
  const added = await api('POST', '/v1/keys/publishers', {
    publicKey: exportSigningKey(key).publicKeyPem,
  })
  expect(added.status).toBe(201)
  const tarball = await packTestSkill(name, version)
  const statement = buildSkillStatement({
    name,
    version,
    skillDigest: await skillDigestOfArchive(tarball),
    integrity: computeIntegrity(tarball),
    publisher: 'admin',
    publishedAt: new Date(),
  })
  const bundle = signSkillStatement(statement, key)
  const response = await api('PUT', `/v1/skills/${name}`, tarball, {
    'content-type': 'application/gzip',
    [signatureHeader]: Buffer.from(bundle).toString('base64url'),
  })
  expect(response.status, await response.clone().text()).toBe(201)
}

/** Number of the rows of the results list, after search as you type settled. */
async function resultNames(): Promise<string[]> {
  await page.locator('#results:not([aria-busy])').waitFor()
  return page.locator('#results .card h3').allTextContents()
}

/** axe-core in the page (evaluated over CDP, so the page's CSP stays on): serious or critical fail. */
async function expectAccessible(label: string): Promise<void> {
  await page.evaluate(axeSource)
  const violations = await page.evaluate(async () => {
    // Runs in the page: its globals are the browser's, typed here by hand (no DOM lib in tests).
    const browserGlobals = globalThis as unknown as {
      document: unknown
      axe: {
        run: (
          ctx: unknown,
          o: unknown,
        ) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }>
      }
    }
    const result = await browserGlobals.axe.run(browserGlobals.document, {
      resultTypes: ['violations'],
    })
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length }))
  })
  expect(
    violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
    label,
  ).toEqual([])
}

async function shot(name: string): Promise<void> {
  if (screenshots === undefined) return
  await mkdir(screenshots, { recursive: true })
  await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: false })
}

describeWithChromium('console in a real browser', () => {
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'skillship-console-'))
    // The hostile skill must be stored to test how the console renders it: under the default
    // publish policy the audit refuses it (its 5 MB file is past the analysis limit, see
    // audit-gates.test.ts), so this server publishes under the permissive one.
    const config = parseServerConfig({
      env: {
        SKILLSHIP_LOG_LEVEL: 'silent',
        SKILLSHIP_AUDIT_POLICY: 'permissive',
        // Recorded loads and experiment snapshots reach storage within a fraction of a second,
        // so the charts show what this test did through the API, nothing seeded.
        SKILLSHIP_STATS_FLUSH_MS: '100',
      },
      flags: { data: dataDir, port: '0' },
    })
    adminToken = (await createTokenOffline(config, { name: 'admin', scopes: ['admin'] })).token
    server = await startServer(config, { evaluatorIntervalMs: 200, snapshotEveryMs: 0 })
    const files = {
      'scripts/run.py': 'import sys\n\ndef main():\n    print("hello", sys.argv)\n',
      'references/guide.md': '# Guide\n',
    }
    await publish('code-review', '1.0.0', files, 'license: MIT\n')
    await publish('code-review', '2.0.0', files, 'license: MIT\n')
    await publish('release-notes', '1.0.0')
    await publishSigned('signed-notes', '1.0.0')
    browser = await launchChromium()
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message())
      void dialog.dismiss()
    })
    page.on('pageerror', (error) => pageErrors.push(error.message))
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await rm(dataDir, { recursive: true, force: true })
  })

  it('signs in, searches as you type, opens a skill and browses its files', async () => {
    await page.goto(`${server.url}/`)
    await expectAccessible('catalog, anonymous')
    await page.getByRole('link', { name: 'Sign in' }).click()
    await expectAccessible('sign-in')
    await page.getByLabel('Registry token').fill(adminToken)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect.poll(() => page.getByText('Signed in as').count()).toBe(1)

    await page.goto(`${server.url}/`)
    await page.getByLabel('Search skills').pressSequentially('code-rev')
    await expect.poll(() => page.locator('#results .card').count()).toBe(1)
    expect(page.url()).toContain('q=code-rev')
    await shot('catalog')

    // Filters by the latest version's audit verdict and publisher signature (server-side).
    await page.getByLabel('Search skills').fill('')
    await page.getByLabel('Signed').selectOption('yes')
    await expect.poll(resultNames).toEqual(['signed-notes'])
    expect(page.url()).toContain('signed=yes')
    await page.getByLabel('Signed').selectOption('no')
    await expect.poll(resultNames).toEqual(['code-review', 'release-notes'])
    await page.getByLabel('Signed').selectOption('')
    await page.getByLabel('Audit').selectOption('pass')
    await expect.poll(resultNames).toEqual(['code-review', 'release-notes', 'signed-notes'])
    await page.getByLabel('Audit').selectOption('block')
    await expect.poll(resultNames).toEqual([])
    await page.getByLabel('Audit').selectOption('')

    // Loads through the API, recorded by the server and flushed to storage: the skill page's
    // chart and tables show them (3 of 1.0.0, 2 of 2.0.0 today).
    for (const version of ['1.0.0', '1.0.0', '1.0.0', '2.0.0', '2.0.0']) {
      const load = await fetch(`${server.url}/v1/load/code-review?range=${version}`)
      expect(load.status).toBe(200)
      await load.arrayBuffer()
    }
    await page.goto(`${server.url}/skills/code-review`)
    const todayLoads = page.locator('#stats-table tbody tr td').first()
    await expect
      .poll(async () => {
        await page.reload()
        return (await todayLoads.count()) === 0 ? '' : todayLoads.textContent()
      })
      .toBe('5')
    const loadsChart = page.locator('#loads-chart')
    expect(await loadsChart.locator('[data-series="1.0.0"] circle').count()).toBe(1)
    expect(await loadsChart.locator('[data-series="2.0.0"] circle').count()).toBe(1)
    expect(await loadsChart.locator('.legend li').allTextContents()).toEqual(['1.0.0', '2.0.0'])
    const phases = await page.locator('#phases-table tbody th').allTextContents()
    expect(phases).toEqual(expect.arrayContaining(['resolve', 'blobRead', 'integrity', 'render']))
    await page.getByRole('heading', { level: 1, name: 'code-review' }).waitFor()
    expect(await page.getByText('skillship add code-review@2.0.0 --agent qoder').count()).toBe(1)
    await page.getByRole('link', { name: 'scripts/run.py' }).click()
    await page.locator('pre.code .hljs-keyword').first().waitFor()
    await expectAccessible('skill page with a file open')
    await shot('skill')
  })

  it('creates and starts an experiment, sees the numbers change with events, promotes it', async () => {
    await page.goto(`${server.url}/experiments/new?skill=code-review`)
    await expectAccessible('new experiment form')
    await page.getByLabel('Key', { exact: true }).fill('review-3')
    await page.getByLabel('Control version').fill('1.0.0')
    await page.getByLabel('Treatment version').fill('2.0.0')
    await page.getByLabel('Primary metric').fill('task_success')
    await page.getByRole('button', { name: 'Create draft' }).click()
    await page.getByRole('heading', { name: 'Experiment review-3' }).waitFor()
    await page.getByRole('button', { name: 'Start' }).click()
    await page.locator('.status.running').waitFor()
    expect(await page.locator('[data-metric-mean="control"]').textContent()).toBe('—')

    const events = []
    for (let i = 0; i < 40; i++) {
      const user = `user-${i}`
      const load = await fetch(`${server.url}/v1/load/code-review`, {
        headers: { 'x-skillship-user': user },
      })
      const variant = load.headers.get('x-skillship-variant')
      await load.arrayBuffer()
      events.push({
        id: `e-${i}`,
        skill: 'code-review',
        user,
        metric: 'task_success',
        value: variant === 'treatment' ? 1 : i % 2,
      })
    }
    const posted = await api('POST', '/v1/events', { events })
    expect(posted.status).toBe(200)
    // The numbers come from the report; the lift chart's daily point from the evaluator's
    // snapshot of the arms' statistics (recorded, not seeded).
    const liftPoint = page.locator('#lift-chart [data-series="lift estimate"] circle')
    await expect
      .poll(async () => {
        await page.reload()
        return `${await page.locator('[data-metric-mean="treatment"]').textContent()} ${await liftPoint.count()}`
      })
      .toBe('1.000 1')
    expect(await page.locator('[data-metric-mean="control"]').textContent()).not.toBe('—')
    expect(await page.locator('#lift-chart [data-series="interval"] path.band').count()).toBe(1)
    await expectAccessible('running experiment')
    await shot('experiment')

    await page.getByRole('button', { name: 'Promote treatment (2.0.0)' }).click()
    await page.locator('.status.promoted').waitFor()
    expect(await page.getByText('promoted by admin').count()).toBe(1)
  })

  it('shows activity, admin and experiments pages accessibly, then signs out', async () => {
    for (const path of ['/experiments', '/activity', '/admin']) {
      await page.goto(`${server.url}${path}`)
      await expectAccessible(path)
      if (path === '/admin') await shot('admin')
    }
    // The activity log as the server wrote it for what this suite did through the API and pages.
    await page.goto(`${server.url}/activity`)
    const logged = await page.locator('main tbody tr').evaluateAll((rows) =>
      rows.map((row) =>
        [...(row as unknown as { cells: { textContent: string }[] }).cells]
          .slice(1, 4)
          .map((cell) => cell.textContent)
          .join(' '),
      ),
    )
    for (const entry of [
      'admin publish code-review@1.0.0',
      'admin publish code-review@2.0.0',
      'admin publish signed-notes@1.0.0',
      'admin experiment.create review-3',
      'admin experiment.start review-3',
      'admin experiment.promote review-3',
    ]) {
      expect(logged, entry).toContain(entry)
    }
    // Usable at 375 px: nothing wider than the screen on the widest page (tables scroll inside).
    await page.setViewportSize({ width: 375, height: 800 })
    await page.goto(`${server.url}/skills/code-review?file=scripts/run.py`)
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } })
            .document.documentElement.scrollWidth,
      ),
    ).toBeLessThanOrEqual(375)
    await page.setViewportSize({ width: 1280, height: 900 })
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('link', { name: 'Sign in' }).waitFor()
    await page.goto(`${server.url}/admin`)
    expect(await page.getByText('Signed in as').count()).toBe(0)
  })

  it('renders a hostile skill inertly: no script runs, no dialog opens, the page stays responsive', async () => {
    const hostile = [
      '# Hostile <script>window.__pwned = 1; alert(1)</script>',
      '<img src=x onerror="window.__pwned = 2; alert(2)">',
      '<svg onload="window.__pwned = 3; alert(3)"><circle r="10"/></svg>',
      '<!-- <script>alert(4)</script> -->',
      '[click me](javascript:alert(5)) [and me](JAVASCRIPT:window.__pwned=5)',
      '<a href="javascript:alert(6)">raw link</a>',
      '<iframe src="javascript:alert(7)"></iframe>',
    ].join('\n\n')
    const skillMd = `---\nname: hostile\ndescription: "Looks harmless. Use when testing the console."\nmetadata:\n  version: "1.0.0"\n---\n${hostile}\n`
    await publish('hostile', '1.0.0', {
      'SKILL.md': skillMd,
      // Random text: a 5 MB file that does not compress past the registry's bomb ratio.
      'big.txt': randomBytes((5 * 1024 * 1024 * 3) / 4).toString('base64'),
      'evil.svg':
        '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(8)"><script>alert(9)</script></svg>',
      'evil.html': '<script>alert(10)</script><img src=x onerror=alert(11)>',
    })
    for (const file of ['', 'SKILL.md', 'evil.svg', 'evil.html', 'big.txt']) {
      await page.goto(`${server.url}/skills/hostile${file === '' ? '' : `?file=${file}`}`)
      await page.getByRole('heading', { level: 1, name: 'hostile' }).waitFor()
      expect(
        await page.evaluate(() => (globalThis as unknown as { __pwned?: number }).__pwned),
      ).toBeUndefined()
      expect(
        await page
          .locator('main a[href^="javascript:" i], main script, main svg, main img, main iframe')
          .count(),
      ).toBe(0)
    }
    expect(await page.getByText('too large to show here').count()).toBe(1)
    await page.goto(`${server.url}/skills/hostile`)
    expect(
      await page
        .getByText('<script>window.__pwned = 1; alert(1)</script>', { exact: false })
        .count(),
    ).toBeGreaterThan(0)
    expect(dialogs).toEqual([])
    expect(pageErrors).toEqual([])
    expect(await page.evaluate(() => 1 + 1)).toBe(2)
  })
})
