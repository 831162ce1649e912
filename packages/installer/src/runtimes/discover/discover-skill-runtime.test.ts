import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { skillshipErrorOf } from '../../../test/runtimes/skillship-error-of.js'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { discoverSkillRuntime } from './discover-skill-runtime.js'

let root: string

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'skillship-discover-'))
})

afterEach(async () => {
  await rm(root, { recursive: true, force: true })
})

async function skill(files: Readonly<Record<string, string>>): Promise<string> {
  const dir = join(root, 'skill')
  await mkdir(dir, { recursive: true })
  await writeFile(join(dir, 'SKILL.md'), '---\nname: skill\ndescription: A skill.\n---\n')
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true })
    await writeFile(join(dir, path), content)
  }
  return dir
}

const script = (...lines: string[]) => `#!/usr/bin/env python3\n${lines.join('\n')}\nprint("hi")\n`

describe('discoverSkillRuntime, single sources', () => {
  it('finds nothing in a skill without declarations', async () => {
    const dir = await skill({ 'scripts/run.py': 'print(1)\n', 'scripts/run.sh': 'echo\n' })
    expect(await discoverSkillRuntime(dir)).toEqual({ python: undefined, node: undefined })
  })

  it('reads a PEP 723 block from a script anywhere in the skill', async () => {
    const dir = await skill({
      'tools/deep/analyse.py': script(
        '# /// script',
        '# requires-python = ">= 3.10"',
        '# dependencies = [',
        '#   "Requests[Socks, security] >=2.31,<3",',
        '#   "rich",',
        '# ]',
        '#',
        '# [tool.uv]',
        '# exclude-newer = "2024-01-01T00:00:00Z"',
        '# ///',
      ),
    })
    expect((await discoverSkillRuntime(dir)).python).toEqual({
      requiresPython: '>=3.10',
      requirements: ['requests[security,socks]<3,>=2.31', 'rich'],
      declaredIn: ['tools/deep/analyse.py'],
    })
  })

  it('reads requirements.txt: comments, blank lines, markers, continuations', async () => {
    const dir = await skill({
      'requirements.txt': [
        '# pinned for the skill',
        '',
        'pandas>=2.0   # data frames',
        'numpy>=1.26,\\',
        '  <3',
        "pywin32>=306 ; sys_platform == 'win32'",
        'tomli>=2 ; python_version < "3.11"',
        'url-dep @ https://example.com/url_dep-1.0-py3-none-any.whl#sha256=abc',
        '',
      ].join('\r\n'),
    })
    expect((await discoverSkillRuntime(dir)).python).toEqual({
      requiresPython: undefined,
      requirements: [
        'numpy<3,>=1.26',
        'pandas>=2.0',
        'pywin32>=306; sys_platform == "win32"',
        'tomli>=2; python_version < "3.11"',
        'url-dep @ https://example.com/url_dep-1.0-py3-none-any.whl#sha256=abc',
      ],
      declaredIn: ['requirements.txt'],
    })
  })

  it('reads scripts/requirements.txt', async () => {
    const dir = await skill({ 'scripts/requirements.txt': 'PyYAML==6.0.1\n' })
    expect((await discoverSkillRuntime(dir)).python?.requirements).toEqual(['pyyaml==6.0.1'])
  })

  it('reads [project] of pyproject.toml and ignores tool-only files', async () => {
    const dir = await skill({
      'pyproject.toml': [
        '[project]',
        'name = "skill-scripts"',
        'requires-python = ">=3.9,<4"',
        'dependencies = ["httpx>=0.27", "Jinja2"]',
        '[tool.ruff]',
        'line-length = 100',
      ].join('\n'),
    })
    expect((await discoverSkillRuntime(dir)).python).toEqual({
      requiresPython: '>=3.9,<4',
      requirements: ['httpx>=0.27', 'jinja2'],
      declaredIn: ['pyproject.toml'],
    })
    const toolOnly = await skill({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' })
    expect((await discoverSkillRuntime(toolOnly)).python).toBeUndefined()
  })

  it('reads package.json dependencies, engines.node and a lockfile beside it', async () => {
    const dir = await skill({
      'scripts/package.json': JSON.stringify({
        name: 'x',
        scripts: { postinstall: 'rm -rf /' },
        dependencies: { 'is-number': '7.0.0' },
        engines: { node: '>=20' },
      }),
      'scripts/package-lock.json': '{}',
      'package-lock.json': '{}',
    })
    expect((await discoverSkillRuntime(dir)).node).toEqual({
      packageJson: 'scripts/package.json',
      dependencies: { 'is-number': '7.0.0' },
      engines: '>=20',
      lockfile: 'scripts/package-lock.json',
    })
  })

  it('prefers npm-shrinkwrap.json over package-lock.json, as npm does', async () => {
    const dir = await skill({
      'package.json': '{"dependencies":{"a":"1"}}',
      'package-lock.json': '{}',
      'npm-shrinkwrap.json': '{}',
    })
    expect((await discoverSkillRuntime(dir)).node?.lockfile).toBe('npm-shrinkwrap.json')
  })

  it('skips installed packages, virtual environments, caches and dot-folders', async () => {
    const block = script('# /// script', '# dependencies = ["evil"]', '# ///')
    const dir = await skill({
      'node_modules/x/setup.py': block,
      '.venv/lib/site.py': block,
      'venv/lib/site.py': block,
      'scripts/__pycache__/x.py': block,
      '.git/hooks/x.py': block,
      'scripts/node_modules/y/package.json': '{"dependencies":{"z":"1"}}',
    })
    expect(await discoverSkillRuntime(dir)).toEqual({ python: undefined, node: undefined })
  })

  it('does not follow symbolic links out of the skill', async () => {
    const outside = join(root, 'outside')
    await mkdir(outside)
    await writeFile(
      join(outside, 'x.py'),
      script('# /// script', '# dependencies = ["x"]', '# ///'),
    )
    const dir = await skill({})
    await symlink(outside, join(dir, 'linked'), 'dir')
    await symlink(join(outside, 'x.py'), join(dir, 'x.py'))
    expect((await discoverSkillRuntime(dir)).python).toBeUndefined()
  })
})

describe('discoverSkillRuntime, merging and conflicts', () => {
  it('merges identical declarations from several files and joins requires-python', async () => {
    const dir = await skill({
      'requirements.txt': 'tabulate >= 0.9\nrich\n',
      'pyproject.toml': '[project]\nrequires-python = ">=3.9"\ndependencies = ["Tabulate>=0.9"]\n',
      'scripts/a.py': script(
        '# /// script',
        '# requires-python = ">=3.10"',
        '# dependencies = ["rich"]',
        '# ///',
      ),
      'scripts/b.py': script('# /// script', '# requires-python = ">=3.9"', '# ///'),
    })
    expect((await discoverSkillRuntime(dir)).python).toEqual({
      requiresPython: '>=3.9,>=3.10',
      requirements: ['rich', 'tabulate>=0.9'],
      declaredIn: ['pyproject.toml', 'requirements.txt', 'scripts/a.py', 'scripts/b.py'],
    })
  })

  it('keeps declarations of one distribution under different markers', async () => {
    const dir = await skill({
      'requirements.txt': 'numpy<2; python_version < "3.9"\nnumpy>=2; python_version >= "3.9"\n',
    })
    expect((await discoverSkillRuntime(dir)).python?.requirements).toEqual([
      'numpy<2; python_version < "3.9"',
      'numpy>=2; python_version >= "3.9"',
    ])
  })

  it('refuses one distribution declared with different specifiers in two files', async () => {
    const dir = await skill({
      'requirements.txt': 'tabulate>=0.9\n',
      'scripts/summarize.py': script(
        '# /// script',
        '# dependencies = ["tabulate==0.8.10"]',
        '# ///',
      ),
    })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DependencyConflict)
    expect(error.message).toContain('requirements.txt')
    expect(error.message).toContain('scripts/summarize.py')
    expect(error.message).toContain('tabulate>=0.9')
    expect(error.message).toContain('tabulate==0.8.10')
    expect(error.details).toEqual({
      subject: '"tabulate"',
      declarations: [
        { file: 'requirements.txt', declared: 'tabulate>=0.9' },
        { file: 'scripts/summarize.py', declared: 'tabulate==0.8.10' },
      ],
    })
    expect(error.hint).toBeDefined()
  })

  it('refuses one distribution declared with different extras, names normalised', async () => {
    const dir = await skill({
      'requirements.txt': 'Foo.Bar[x]\n',
      'scripts/requirements.txt': 'foo_bar\n',
    })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DependencyConflict)
    expect(error.message).toMatch(
      /requirements\.txt.*foo-bar\[x\].*scripts\/requirements\.txt.*foo-bar"/,
    )
  })

  it('refuses two package.json files that both declare dependencies', async () => {
    const dir = await skill({
      'package.json': '{"dependencies":{"a":"^1.0.0"}}',
      'scripts/package.json': '{"dependencies":{"b":"^2.0.0"}}',
    })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DependencyConflict)
    expect(error.message).toContain('package.json')
    expect(error.message).toContain('scripts/package.json')
  })

  it('takes the package.json with dependencies when the other has none', async () => {
    const dir = await skill({
      'package.json': '{"type":"module","engines":{"node":">=20"}}',
      'scripts/package.json': '{"dependencies":{"b":"^2.0.0"}}',
    })
    expect((await discoverSkillRuntime(dir)).node).toEqual({
      packageJson: 'scripts/package.json',
      dependencies: { b: '^2.0.0' },
      engines: '>=20',
      lockfile: undefined,
    })
  })
})

describe('discoverSkillRuntime, invalid declarations', () => {
  const invalidCases: [string, Record<string, string>, string][] = [
    [
      'invalid TOML in pyproject.toml',
      { 'pyproject.toml': '[project\nname = 1\n' },
      'pyproject.toml',
    ],
    [
      'invalid TOML in a PEP 723 block',
      { 'scripts/x.py': script('# /// script', '# dependencies = ["a",', '# ///') },
      'scripts/x.py',
    ],
    [
      'a PEP 723 dependency that is not PEP 508',
      { 'x.py': script('# /// script', '# dependencies = ["./local/pkg"]', '# ///') },
      'x.py',
    ],
    [
      'dependencies that are not an array',
      { 'pyproject.toml': '[project]\ndependencies = "a"\n' },
      'pyproject.toml',
    ],
    [
      'a bad requires-python',
      { 'pyproject.toml': '[project]\nrequires-python = "3.10"\n' },
      'pyproject.toml',
    ],
    [
      'a requires-python ~= with one release number (PEP 440 forbids it)',
      { 'x.py': script('# /// script', '# requires-python = "~=3"', '# ///') },
      'x.py',
    ],
    [
      'a dependency with ~= and one release number',
      { 'requirements.txt': 'tabulate~=0\n' },
      'requirements.txt',
    ],
    ['invalid JSON in package.json', { 'package.json': '{"dependencies": {' }, 'package.json'],
    [
      'non-string versions in package.json',
      { 'package.json': '{"dependencies":{"a":1}}' },
      'package.json',
    ],
    ['a non-string engines.node', { 'package.json': '{"engines":{"node":20}}' }, 'package.json'],
  ]

  it.each(invalidCases)('refuses %s', async (_name, files, file) => {
    const dir = await skill(files)
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
    expect(error.path).toBe(join(dir, file))
    expect(error.message).toContain(join(dir, file))
  })

  it('names the line of a TOML error inside a PEP 723 block', async () => {
    const dir = await skill({
      'x.py': script(
        '# /// script',
        '# requires-python = ">=3.9"',
        '# dependencies = [1 2]',
        '# ///',
      ),
    })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
    expect(error.message).toMatch(/line 4\b/)
  })

  it.each([
    ['-r other.txt', 2],
    ['-c constraints.txt', 2],
    ['--index-url https://example.com/simple', 2],
    ['-e .', 2],
    ['pkg==1.0 \\\n    --hash=sha256:abc', 2],
    ['./vendor/pkg', 2],
    ['pkg>=abc', 2],
    ['pkg; python_version >', 2],
  ])('refuses "%s" in requirements.txt, naming its line', async (line, number) => {
    const dir = await skill({ 'requirements.txt': `ok==1\n${line}\n` })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
    expect(error.message).toContain(`line ${number}:`)
    expect(error.message).toContain('requirements.txt')
    expect(error.hint).toBeDefined()
  })
})

describe('discoverSkillRuntime, PEP 723 edge cases', () => {
  it('ignores an unclosed block', async () => {
    const dir = await skill({ 'x.py': script('# /// script', '# dependencies = ["a"]') })
    expect((await discoverSkillRuntime(dir)).python).toBeUndefined()
  })

  it('refuses two script blocks in one file', async () => {
    const dir = await skill({
      'x.py': script(
        '# /// script',
        '# dependencies = ["a"]',
        '# ///',
        '',
        '# /// script',
        '# dependencies = ["b"]',
        '# ///',
      ),
    })
    const error = await skillshipErrorOf(discoverSkillRuntime(dir))
    expect(error.code).toBe(RuntimeErrorCode.DeclarationInvalid)
    expect(error.message).toContain('x.py')
  })

  it('skips blocks of other types and accepts CRLF files', async () => {
    const dir = await skill({
      'x.py': script(
        '# /// pyproject',
        '# [run]',
        '# ///',
        '',
        '# /// script',
        '# dependencies = ["a"]',
        '# ///',
      ).replaceAll('\n', '\r\n'),
    })
    expect((await discoverSkillRuntime(dir)).python?.requirements).toEqual(['a'])
  })

  it('ends a block at the last "# ///" followed by a non-comment line', async () => {
    const dir = await skill({
      'x.py': script(
        '# /// script',
        '# dependencies = ["a"]',
        '# [tool.x]',
        '# doc = """',
        '# ///',
        '# """',
        '# ///',
      ),
    })
    expect((await discoverSkillRuntime(dir)).python?.requirements).toEqual(['a'])
  })

  it('does not take "#x" lines (no space) as content: the block does not match', async () => {
    const dir = await skill({
      'x.py': script('# /// script', '#dependencies = ["a"]', '# ///'),
    })
    expect((await discoverSkillRuntime(dir)).python).toBeUndefined()
  })

  it('does not take an indented block', async () => {
    const dir = await skill({
      'x.py': script('  # /// script', '  # dependencies = ["a"]', '  # ///'),
    })
    expect((await discoverSkillRuntime(dir)).python).toBeUndefined()
  })

  it('counts a block with no keys as a declaration with no requirements', async () => {
    const dir = await skill({ 'x.py': script('# /// script', '#', '# ///') })
    expect((await discoverSkillRuntime(dir)).python).toEqual({
      requiresPython: undefined,
      requirements: [],
      declaredIn: ['x.py'],
    })
  })
})

describe('discoverSkillRuntime, example skills', () => {
  const examples = join(import.meta.dirname, '../../../../../examples/skills')

  it('csv-insights: requirements.txt and the PEP 723 block agree', async () => {
    expect((await discoverSkillRuntime(join(examples, 'csv-insights'))).python).toEqual({
      requiresPython: '>=3.9',
      requirements: ['tabulate>=0.9'],
      declaredIn: ['requirements.txt', 'scripts/summarize_csv.py'],
    })
  })

  it('markdown-link-check: package.json', async () => {
    expect(await discoverSkillRuntime(join(examples, 'markdown-link-check'))).toEqual({
      python: undefined,
      node: {
        packageJson: 'package.json',
        dependencies: { picomatch: '^4.0.2' },
        engines: '>=20',
        lockfile: undefined,
      },
    })
  })

  it.each(['commit-message', 'release-notes'])('%s declares nothing', async (name) => {
    expect(await discoverSkillRuntime(join(examples, name))).toEqual({
      python: undefined,
      node: undefined,
    })
  })
})
