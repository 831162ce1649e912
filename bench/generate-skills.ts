import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { loadSkill, packSkill } from '@skillship/core/node'

/**
 * Writes `count` realistic small skills (SKILL.md with a ~60-line body and links, a Python script,
 * a requirements file, a reference doc, an asset) into a fresh temp folder and returns it.
 */
export async function generateSkills(count: number): Promise<{ root: string; names: string[] }> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-bench-'))
  const names: string[] = []
  for (let i = 0; i < count; i += 1) {
    const name = `bench-skill-${String(i).padStart(4, '0')}`
    names.push(name)
    const dir = join(root, name)
    await mkdir(join(dir, 'scripts'), { recursive: true })
    await mkdir(join(dir, 'references'), { recursive: true })
    await mkdir(join(dir, 'assets'), { recursive: true })
    await writeFile(join(dir, 'SKILL.md'), skillMd(name, i))
    await writeFile(
      join(dir, 'scripts', 'run.py'),
      `#!/usr/bin/env python3\nimport sys\n\nprint("skill ${i}", sys.argv[1:])\n`,
      { mode: 0o755 },
    )
    await writeFile(join(dir, 'requirements.txt'), 'requests>=2.31\npyyaml>=6\n')
    await writeFile(
      join(dir, 'references', 'REFERENCE.md'),
      `# Reference ${i}\n\n${'Details about the format. '.repeat(40)}\n`,
    )
    await writeFile(join(dir, 'assets', 'template.txt'), `Template ${i}\n`)
  }
  return { root, names }
}

function skillMd(name: string, i: number): string {
  const steps = Array.from(
    { length: 50 },
    (_, n) => `${n + 1}. Step ${n + 1} of skill ${i}: run the check and read the output carefully.`,
  )
  return [
    '---',
    `name: ${name}`,
    `description: "Processes report ${i} files: extracts tables, validates totals and writes summaries. Use when the user mentions report ${i}."`,
    'license: Apache-2.0',
    'compatibility: Requires Python 3.9+',
    'metadata:',
    '  author: bench',
    `  version: "1.${i}.0"`,
    '---',
    `# Skill ${i}`,
    '',
    'Read [the reference](references/REFERENCE.md) first, then use [the template](assets/template.txt).',
    '',
    '```bash',
    'python3 scripts/run.py input.csv',
    '```',
    '',
    ...steps,
    '',
  ].join('\n')
}

/**
 * The version record the benches seed straight into storage for skill number `index`: one
 * packed tarball shared by every name, published now as `latest` by `bench`.
 */
export function benchVersion(
  name: string,
  index: number,
  loaded: Awaited<ReturnType<typeof loadSkill>>,
  packed: Awaited<ReturnType<typeof packSkill>>,
) {
  return {
    name,
    version: '1.0.0',
    description: `Does task ${index}. Use when task ${index} comes up.`,
    frontmatter: { ...(loaded.parsed.frontmatter?.data ?? {}) },
    integrity: packed.integrity,
    size: packed.size,
    unpackedSize: packed.unpackedSize,
    files: packed.files,
    publishedAt: new Date(),
    publisher: 'bench',
    tag: 'latest',
    private: false,
  }
}
