import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makePlacedProject, type PlacedProject } from '../../test/state/placed-project.js'
import { linksCheck } from './check-links.js'
import { modifiedCheck } from './check-modified.js'
import type { DoctorCheck } from './doctor-check.js'
import { runDoctor } from './run-doctor.js'

let fixture: PlacedProject
beforeEach(async () => {
  fixture = await makePlacedProject()
})
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true })
})

async function run(check: DoctorCheck) {
  const report = await runDoctor(fixture.options, { checks: [check] })
  return report.findings.map((f) => ({ status: f.status, path: f.path, message: f.message }))
}

describe('modified check', () => {
  it('is ok for a skill as placed', async () => {
    await fixture.writeState([])
    expect(await run(modifiedCheck)).toEqual([expect.objectContaining({ status: 'ok' })])
  })

  it('warns about a placed skill edited since, naming its files', async () => {
    await fixture.writeState([])
    await writeFile(join(fixture.placed, 'scripts/run.py'), 'print(2)\n')
    const found = await run(modifiedCheck)
    expect(found).toEqual([expect.objectContaining({ status: 'warn', path: fixture.placed })])
    expect(found[0]?.message).toContain('scripts/run.py')
  })
})

describe('doctor reads the install state as install does', () => {
  it('does not report a planted record outside the scope as a missing skill', async () => {
    const elsewhere = join(fixture.root, 'other/.qoder/skills/pdf')
    await fixture.writeState([fixture.record(elsewhere)])
    expect(await run(linksCheck)).toEqual([expect.objectContaining({ status: 'ok' })])
  })
})
