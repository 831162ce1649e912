import { mkdir, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makePlacedProject, type PlacedProject } from '../../test/state/placed-project.js'
import { listSkills } from './list-skills.js'

let fixture: PlacedProject
beforeEach(async () => {
  fixture = await makePlacedProject()
})
afterEach(async () => {
  await rm(fixture.root, { recursive: true, force: true })
})

describe('listSkills', () => {
  it('lists a placed skill unmodified', async () => {
    await fixture.writeState([])
    const listed = await listSkills(fixture.options)
    expect(listed.skills).toEqual([
      expect.objectContaining({
        name: 'pdf',
        placements: [{ agent: 'qoder', path: fixture.placed, method: 'folder' }],
        modified: [],
        missing: [],
      }),
    ])
  })

  it('shows a placed folder deleted by hand as missing', async () => {
    await fixture.writeState([])
    await rm(fixture.placed, { recursive: true })
    const [skill] = (await listSkills(fixture.options)).skills
    expect(skill?.missing).toEqual([fixture.placed])
  })

  it('shows a placed folder edited, added to or trimmed as modified, naming the files', async () => {
    await fixture.writeState([])
    await writeFile(join(fixture.placed, 'SKILL.md'), '---\nname: pdf\ndescription: mine\n---\n')
    await writeFile(join(fixture.placed, 'notes.md'), 'mine\n')
    await rm(join(fixture.placed, 'scripts/run.py'))
    const [skill] = (await listSkills(fixture.options)).skills
    expect(skill?.modified).toEqual([
      { path: fixture.placed, files: ['SKILL.md', 'scripts/run.py', 'notes.md'] },
    ])
  })

  it('reads the state as install does: records outside the scope are neither listed nor inspected', async () => {
    // A planted state naming another project's folder and a project folder that is no skills folder.
    const other = join(fixture.root, 'other/.qoder/skills/pdf')
    const inProject = join(fixture.options.projectRoot, 'src/pdf')
    for (const dir of [other, inProject]) {
      await mkdir(dir, { recursive: true })
      await writeFile(join(dir, 'SKILL.md'), 'not a placed skill\n')
    }
    await fixture.writeState([fixture.record(other), fixture.record(inProject)])
    const [skill] = (await listSkills(fixture.options)).skills
    expect(skill?.placements.map((p) => p.path)).toEqual([fixture.placed])
    expect(skill?.modified).toEqual([])
  })
})
