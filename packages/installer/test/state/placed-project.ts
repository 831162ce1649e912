import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { placeSkill } from '../../src/link/place-skill.js'
import { writeLockfile } from '../../src/lockfile/lockfile.js'
import type { InstallerOptions } from '../../src/project/project.js'
import type { InstalledRecord } from '../../src/state/installed-state.js'
import { writeInstalledState } from '../../src/state/installed-state.js'
import { makeTestStoreEntry } from '../link/make-test-store-entry.js'

/** A project with skill `pdf` placed for Qoder as an install leaves it, and what tests need of it. */
export interface PlacedProject {
  readonly root: string
  readonly options: InstallerOptions
  /** `<project>/.qoder/skills/pdf`. */
  readonly placed: string
  /** A state record naming `path` for skill `name`, for planting into the state. */
  record(path: string, name?: string): InstalledRecord
  /** Writes the state file with the real record plus `planted`. */
  writeState(planted: readonly InstalledRecord[]): Promise<void>
}

/**
 * Test support: places `pdf` (SKILL.md and scripts/run.py) from a test store entry into
 * `<root>/project/.qoder/skills`, with skillship.json and skillship.lock naming it.
 */
export async function makePlacedProject(): Promise<PlacedProject> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-placed-'))
  const project = join(root, 'project')
  await mkdir(project)
  const made = await makeTestStoreEntry(
    {
      'SKILL.md': { content: '---\nname: pdf\ndescription: d\n---\n', mode: 0o644 },
      'scripts/run.py': { content: 'print(1)\n', mode: 0o755 },
    },
    join(root, 'store'),
  )
  const entry = { ...made, integrity: `sha512-${'A'.repeat(86)}==` }
  const skillsDir = join(project, '.qoder/skills')
  const { path: placed } = await placeSkill({ method: 'folder', entry, skillsDir, name: 'pdf' })
  const source = { type: 'registry', registry: 'http://127.0.0.1:9', name: 'pdf', version: '1.0.0' }
  await writeFile(
    join(project, 'skillship.json'),
    JSON.stringify({ agents: ['qoder'], skills: { pdf: '^1.0.0' } }),
  )
  await writeLockfile(join(project, 'skillship.lock'), {
    lockfileVersion: 4,
    skills: {
      pdf: {
        spec: '^1.0.0',
        version: '1.0.0',
        source,
        integrity: entry.integrity,
        files: entry.files,
      },
    },
  } as Parameters<typeof writeLockfile>[1])
  const options: InstallerOptions = {
    projectRoot: project,
    scope: 'project',
    home: join(root, 'home'),
    env: {},
    storeRoot: join(root, 'home/.skillship/store'),
    envsRoot: join(root, 'home/.skillship/envs'),
    skillshipHome: join(root, 'home/.skillship'),
    registry: 'http://127.0.0.1:9',
    clientFor: () => {
      throw new Error('no registry in this test')
    },
  }
  const record = (path: string, name = 'pdf'): InstalledRecord => ({
    agent: 'qoder',
    name,
    path,
    integrity: entry.integrity,
    method: 'folder',
  })
  const statePath = join(project, '.skillship/installed.json')
  return {
    root,
    options,
    placed,
    record,
    writeState: (planted) =>
      writeInstalledState(statePath, { version: 1, skills: [record(placed), ...planted] }),
  }
}
