import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import { readManifest, writeManifest } from './manifest.js'

let dir: string
let path: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'skillship-manifest-'))
  path = join(dir, 'skillship.json')
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('readManifest / writeManifest', () => {
  it('returns undefined when there is no skillship.json', async () => {
    expect(await readManifest(path)).toBeUndefined()
  })

  it('applies the defaults: agents ["qoder"], skills {}', async () => {
    await writeFile(path, '{}')
    expect(await readManifest(path)).toEqual({ agents: ['qoder'], skills: {} })
  })

  it('round-trips every field, with skills sorted and stable bytes', async () => {
    const manifest = {
      registry: 'https://reg.example/',
      agents: ['qoder', 'claude-code'],
      skills: { pdf: '^1.2.0', 'a-skill': 'file:./skills/a', docx: 'latest' },
      allowScripts: ['pdf'],
    }
    expect(await writeManifest(path, manifest)).toBe(true)
    const text = await readFile(path, 'utf8')
    expect(Object.keys(JSON.parse(text).skills)).toEqual(['a-skill', 'docx', 'pdf'])
    expect(text.endsWith('}\n')).toBe(true)
    expect(text).toContain('\n  "agents": [\n    "qoder",\n    "claude-code"\n  ],')
    expect(await readManifest(path)).toEqual(manifest)
    expect(await writeManifest(path, manifest)).toBe(false)
  })

  it('keeps keys users added, in their place, and changes only what changed', async () => {
    // A user's file: its own keys (even __proto__) and its own order.
    const raw =
      '{\n  "$schema": "s",\n  "skills": {\n    "pdf": "^1.0.0"\n  },\n  "__proto__": "x",\n  "notes": [\n    "keep me"\n  ]\n}\n'
    await writeFile(path, raw)
    const read = await readManifest(path)
    if (read === undefined) throw new Error('no manifest')
    // Unchanged: not written at all; no agents key added for the default.
    const before = await stat(path)
    expect(await writeManifest(path, read)).toBe(false)
    expect((await stat(path)).mtimeMs).toBe(before.mtimeMs)

    expect(await writeManifest(path, { ...read, skills: { ...read.skills, docx: '^2.0.0' } })).toBe(
      true,
    )
    expect(await readFile(path, 'utf8')).toBe(
      '{\n  "$schema": "s",\n  "skills": {\n    "docx": "^2.0.0",\n    "pdf": "^1.0.0"\n  },\n  "__proto__": "x",\n  "notes": [\n    "keep me"\n  ]\n}\n',
    )
    expect(await readdir(dir)).toEqual(['skillship.json'])
  })

  it('removes optional keys set to undefined and writes agents for a new file', async () => {
    await writeFile(
      path,
      JSON.stringify({ registry: 'https://r.example', allowScripts: ['pdf'], skills: {} }),
    )
    await writeManifest(path, { agents: ['qoder'], skills: {} })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ skills: {} })
    await rm(path)
    await writeManifest(path, { agents: ['qoder'], skills: { pdf: '^1.0.0' } })
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      agents: ['qoder'],
      skills: { pdf: '^1.0.0' },
    })
  })

  it('refuses to overwrite a file that is not a JSON object', async () => {
    await writeFile(path, '{ "skills": ')
    await expect(writeManifest(path, { agents: ['qoder'], skills: {} })).rejects.toMatchObject({
      code: InstallErrorCode.ManifestInvalid,
    })
    expect(await readFile(path, 'utf8')).toBe('{ "skills": ')
  })

  it.each([
    ['not JSON', '{', '(root)'],
    ['an array', '[]', '(root)'],
    ['an uppercase name', '{"skills": {"PDF": "^1.0.0"}}', 'skills.PDF'],
    ['a double hyphen', '{"skills": {"a--b": "^1.0.0"}}', 'skills.a--b'],
    ['a leading hyphen', '{"skills": {"-a": "^1.0.0"}}', 'skills.-a'],
    ['an underscore', '{"skills": {"a_b": "^1.0.0"}}', 'skills.a_b'],
    ['a path as name', '{"skills": {"../x": "^1.0.0"}}', 'skills.../x'],
    [
      'a 65-character name',
      `{"skills": {"${'a'.repeat(65)}": "1.0.0"}}`,
      `skills.${'a'.repeat(65)}`,
    ],
    ['an empty spec', '{"skills": {"pdf": ""}}', 'skills.pdf'],
    ['a blank spec', '{"skills": {"pdf": "  "}}', 'skills.pdf'],
    ['a numeric spec', '{"skills": {"pdf": 1}}', 'skills.pdf'],
    ['skills as an array', '{"skills": []}', 'skills'],
    ['agents as a string', '{"agents": "qoder"}', 'agents'],
    ['no agents', '{"agents": []}', 'agents'],
    ['an empty agent', '{"agents": ["qoder", ""]}', 'agents[1]'],
    ['a duplicate agent', '{"agents": ["qoder", "qoder"]}', 'agents[1]'],
    ['a non-URL registry', '{"registry": "reg.example"}', 'registry'],
    ['an ftp registry', '{"registry": "ftp://reg.example"}', 'registry'],
    ['a bad allowScripts name', '{"allowScripts": ["Pdf"]}', 'allowScripts[0]'],
  ])('refuses %s with INSTALL_MANIFEST_INVALID naming the field', async (_label, text, field) => {
    await writeFile(path, text)
    await expect(readManifest(path)).rejects.toMatchObject({
      code: InstallErrorCode.ManifestInvalid,
      path,
      details: { field },
    })
  })
})
