import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export interface TestSkillOptions {
  readonly version?: string
  /** Frontmatter lines replacing the generated ones (to write invalid skills). */
  readonly frontmatter?: string
  /** Extra files, by relative path. */
  readonly files?: Readonly<Record<string, string>>
}

/** Writes a valid skill folder `parent/folder` (named `name` unless given) and returns its path. */
export async function writeTestSkill(
  parent: string,
  name: string,
  options: TestSkillOptions & { readonly folder?: string } = {},
): Promise<string> {
  const root = join(parent, options.folder ?? name)
  await mkdir(root, { recursive: true })
  const metadata =
    options.version === undefined ? '' : `metadata:\n  version: "${options.version}"\n`
  const frontmatter =
    options.frontmatter ??
    `name: ${name}\ndescription: Test skill ${name} for installer tests.\n${metadata}`
  await writeFile(join(root, 'SKILL.md'), `---\n${frontmatter}---\n\n# ${name}\n\nDo the thing.\n`)
  for (const [path, content] of Object.entries(options.files ?? {})) {
    await mkdir(join(root, path, '..'), { recursive: true })
    await writeFile(join(root, path), content)
  }
  return root
}
