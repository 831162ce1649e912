import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { isSkillshipError } from '@skillship/core/errors'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { makeTempDir } from '../../test/link/make-test-store-entry.js'
import type { InstalledRecord } from './installed-state.js'
import {
  emptyInstalledState,
  readInstalledState,
  recordsAt,
  withoutRecords,
  withRecord,
  writeInstalledState,
} from './installed-state.js'

let root: string
let file: string

beforeEach(async () => {
  root = await makeTempDir('skillship-state-')
  file = join(root, '.skillship', 'installed.json')
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

function record(agent: string, path: string): InstalledRecord {
  return { agent, name: 'pdf', path, integrity: 'sha512-x', method: 'folder' }
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise
  } catch (error) {
    return isSkillshipError(error) ? error.code : 'not-a-skillship-error'
  }
  return undefined
}

describe('readInstalledState / writeInstalledState', () => {
  it('reads a missing file as the empty state', async () => {
    expect(await readInstalledState(file)).toEqual({ version: 1, skills: [] })
  })

  it('round-trips records sorted by path, then agent, and leaves no temp file', async () => {
    const state = [
      record('qoder', '/p/.qoder/skills/pdf'),
      record('generic', '/p/.agents/skills/pdf'),
      record('codex', '/p/.agents/skills/pdf'),
    ].reduce(withRecord, emptyInstalledState())
    await writeInstalledState(file, state)
    const read = await readInstalledState(file)
    expect(read.skills.map((r) => [r.agent, r.path])).toEqual([
      ['codex', '/p/.agents/skills/pdf'],
      ['generic', '/p/.agents/skills/pdf'],
      ['qoder', '/p/.qoder/skills/pdf'],
    ])
    expect(await readdir(join(root, '.skillship'))).toEqual(['installed.json'])
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(read)
  })

  it.each([
    ['not JSON', '{'],
    ['a newer version', '{"version":2,"skills":[]}'],
    ['no skills list', '{"version":1}'],
    [
      'a relative path',
      '{"version":1,"skills":[{"agent":"a","name":"n","path":"rel","integrity":"i","method":"folder"}]}',
    ],
    [
      'an unknown method',
      '{"version":1,"skills":[{"agent":"a","name":"n","path":"/p","integrity":"i","method":"copy"}]}',
    ],
    [
      'a missing key',
      '{"version":1,"skills":[{"name":"n","path":"/p","integrity":"i","method":"folder"}]}',
    ],
  ])('refuses a file with %s (INSTALL_VERIFY_FAILED)', async (_what, text) => {
    await mkdir(join(root, '.skillship'))
    await writeFile(file, text)
    expect(await codeOf(readInstalledState(file))).toBe('INSTALL_VERIFY_FAILED')
  })
})

describe('withRecord / withoutRecords / recordsAt', () => {
  it('keeps one record per agent and path', () => {
    const first = withRecord(emptyInstalledState(), record('qoder', '/p/a'))
    const second = withRecord(first, { ...record('qoder', '/p/a'), integrity: 'sha512-y' })
    expect(second.skills).toEqual([{ ...record('qoder', '/p/a'), integrity: 'sha512-y' }])
  })

  it('drops one agent or every agent at a path', () => {
    const state = [
      record('codex', '/p/a'),
      record('generic', '/p/a'),
      record('qoder', '/p/b'),
    ].reduce(withRecord, emptyInstalledState())
    expect(recordsAt(withoutRecords(state, '/p/a', 'codex'), '/p/a').map((r) => r.agent)).toEqual([
      'generic',
    ])
    expect(withoutRecords(state, '/p/a').skills.map((r) => r.path)).toEqual(['/p/b'])
    expect(recordsAt(state, '/p/./a/').length).toBe(2)
  })
})
