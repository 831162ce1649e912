import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { loadSkill, packSkill } from '@skillship/core/node'

/**
 * Packs a skill `name` at `version` from in-memory files (text or bytes, nested paths allowed),
 * exactly as `skillship pack` does. SKILL.md is generated unless `files` has one.
 */
export async function packSkillFiles(
  name: string,
  version: string,
  files: Record<string, string | Uint8Array> = {},
  frontmatter = '',
): Promise<Uint8Array> {
  const root = await mkdtemp(join(tmpdir(), 'skillship-mcp-skill-'))
  try {
    const all: Record<string, string | Uint8Array> = {
      'SKILL.md': `---\nname: ${name}\ndescription: "Does ${name} work. Use when ${name} is needed."\n${frontmatter}metadata:\n  version: "${version}"\n---\n# ${name}\n\nSee [the guide](references/GUIDE.md).\n`,
      ...files,
    }
    for (const [path, content] of Object.entries(all)) {
      await mkdir(dirname(join(root, name, path)), { recursive: true })
      await writeFile(join(root, name, path), content)
    }
    return (await packSkill(await loadSkill(join(root, name)))).tarball
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
