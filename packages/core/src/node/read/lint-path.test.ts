import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { zipSync } from 'fflate'
import { afterEach, describe, expect, it } from 'vitest'
import { SkillErrorCode } from '../../errors/skill-error-codes.js'
import { lintPath } from './lint-path.js'
import { loadSkill } from './load-skill.js'
import { packSkill } from './pack-skill.js'

const skillMd = (name: string, extra = '') =>
  `---\nname: ${name}\ndescription: "Does ${name}. Use when ${name} is asked for."\n${extra}---\n# ${name}\n`

let roots: string[] = []
afterEach(async () => {
  await Promise.all(roots.map((root) => rm(root, { recursive: true, force: true })))
  roots = []
})

async function tree(files: Record<string, string | Uint8Array>): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-lint-'))
  roots.push(root)
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}

const codes = (result: { issues: readonly { code: string }[] } | undefined) =>
  result?.issues.map((i) => i.code)

describe('lintPath', () => {
  it('lints a skill folder, and a SKILL.md file as its folder', async () => {
    const root = await tree({ 'demo/SKILL.md': skillMd('demo') })
    expect(await lintPath(join(root, 'demo'))).toMatchObject([
      { kind: 'directory', name: 'demo', ok: true, issues: [] },
    ])
    expect(await lintPath(join(root, 'demo/SKILL.md'))).toMatchObject([{ name: 'demo', ok: true }])
  })

  it('lints every skill of a folder of skills, in name order, skipping hidden folders', async () => {
    const root = await tree({
      'b/SKILL.md': skillMd('b'),
      'a/SKILL.md': skillMd('a'),
      '.hidden/SKILL.md': skillMd('x'),
      'docs/readme.txt': 'x',
    })
    expect((await lintPath(root)).map((r) => r.name)).toEqual(['a', 'b'])
  })

  it('throws SKILL_PATH_NOT_FOUND and SKILL_NOT_A_SKILL', async () => {
    const root = await tree({ 'docs/readme.txt': 'x' })
    await expect(lintPath(join(root, 'missing'))).rejects.toMatchObject({
      code: SkillErrorCode.PathNotFound,
    })
    await expect(lintPath(root)).rejects.toMatchObject({ code: SkillErrorCode.NotASkill })
  })

  it('reports an unsafe tree as an error issue of the skill', async () => {
    const root = await tree({ 'demo/SKILL.md': skillMd('demo') })
    await symlink('/etc/hostname', join(root, 'demo/host'))
    expect(await lintPath(join(root, 'demo'))).toMatchObject([
      { ok: false, issues: [{ code: SkillErrorCode.LinkEscape, severity: 'error' }] },
    ])
  })

  it('warns on a lowercase skill.md and on nested archives', async () => {
    const root = await tree({ 'demo/skill.md': skillMd('demo'), 'demo/assets/bundle.tar.gz': 'x' })
    const [result] = await lintPath(join(root, 'demo'))
    expect(result?.ok).toBe(true)
    expect(codes(result)).toEqual([SkillErrorCode.SkillMdLowercase, SkillErrorCode.NestedArchive])
  })

  it('refuses a SKILL.md over 1 MiB', async () => {
    const root = await tree({ 'demo/SKILL.md': skillMd('demo').concat('x'.repeat(1024 * 1024)) })
    expect(codes((await lintPath(join(root, 'demo')))[0])).toEqual([SkillErrorCode.SkillMdTooLarge])
  })

  it('refuses a 30,000-key frontmatter (issue 15) in lint, load and pack, before parsing it', async () => {
    const keys = Array.from({ length: 30_000 }, (_, index) => `  k${index}: v\n`).join('')
    const root = await tree({ 'demo/SKILL.md': skillMd('demo', `metadata:\n${keys}`) })
    const [linted] = await lintPath(join(root, 'demo'))
    expect(codes(linted)).toEqual([SkillErrorCode.FrontmatterTooLarge])
    const loaded = await loadSkill(join(root, 'demo'))
    expect(loaded.parsed.frontmatter).toBeUndefined()
    await expect(packSkill(loaded)).rejects.toMatchObject({ code: SkillErrorCode.Invalid })
  })

  it('lints a .tgz made by pack, and leaves no temporary folder behind', async () => {
    const root = await tree({ 'demo/SKILL.md': skillMd('demo', 'metadata:\n  version: "1.0.0"\n') })
    const packed = await packSkill(await loadSkill(join(root, 'demo')))
    await writeFile(join(root, 'demo.tgz'), packed.tarball)
    const before = (await readdir(tmpdir())).filter((n) => n.startsWith('skillship-lint-')).length
    expect(await lintPath(join(root, 'demo.tgz'))).toMatchObject([
      { kind: 'archive', name: 'demo', ok: true },
    ])
    expect((await readdir(tmpdir())).filter((n) => n.startsWith('skillship-lint-')).length).toBe(
      before,
    )
  })

  it('lints a Qoder-style zip with SKILL.md at the root, without a directory check', async () => {
    const root = await tree({})
    await writeFile(
      join(root, 'upload.zip'),
      zipSync({ 'SKILL.md': new TextEncoder().encode(skillMd('any-name')) }),
    )
    expect(await lintPath(join(root, 'upload.zip'))).toMatchObject([
      { kind: 'archive', name: 'any-name', ok: true },
    ])
  })

  it('checks the name against the wrapper folder of an archive', async () => {
    const root = await tree({})
    await writeFile(
      join(root, 'upload.zip'),
      zipSync({ 'folder/SKILL.md': new TextEncoder().encode(skillMd('other')) }),
    )
    expect(codes((await lintPath(join(root, 'upload.zip')))[0])).toEqual([
      SkillErrorCode.NameDirectoryMismatch,
    ])
  })

  it('reports a hostile archive as an error issue', async () => {
    const root = await tree({})
    await writeFile(
      join(root, 'evil.zip'),
      zipSync({
        '../evil.txt': new Uint8Array([1]),
        'SKILL.md': new TextEncoder().encode(skillMd('x')),
      }),
    )
    expect(codes((await lintPath(join(root, 'evil.zip')))[0])).toEqual([SkillErrorCode.PathUnsafe])
  })

  it('--fix rewrites SKILL.md and reports what changed, then lints the result', async () => {
    const root = await tree({
      'demo/SKILL.md': '---\r\nname: demo\r\ndescription: Use it: always\r\n---\r\nBody\r\n',
    })
    const [result] = await lintPath(join(root, 'demo'), { fix: true })
    expect(result?.fixed).toEqual([
      'line endings converted to LF',
      'description written as one quoted line',
    ])
    expect(result?.ok).toBe(true)
  })
  it.each([
    ['LF', '\n', []],
    ['CRLF', '\r\n', [SkillErrorCode.LineEndings]],
    ['lone CR', '\r', [SkillErrorCode.LineEndings]],
  ])(
    'lints a %s SKILL.md as valid, and --fix leaves it LF and clean',
    async (_label, eol, found) => {
      const text = skillMd('demo', 'metadata:\n  k: v\n').replace(/\n/g, eol)
      const root = await tree({ 'demo/SKILL.md': text })
      const [linted] = await lintPath(join(root, 'demo'))
      expect([linted?.ok, codes(linted)]).toEqual([true, found])
      const [fixed] = await lintPath(join(root, 'demo'), { fix: true })
      expect([fixed?.ok, codes(fixed)]).toEqual([true, []])
      expect(await readFile(join(root, 'demo/SKILL.md'), 'utf8')).not.toMatch(/\r/)
    },
  )
})
