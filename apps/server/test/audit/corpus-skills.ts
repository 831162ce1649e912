import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AuditFile } from '@skillship/audit'
import { readSkillFolder } from '@skillship/audit/node'
import { loadSkill, packSkill } from '@skillship/core/node'

/** The audit package's labelled corpus (packages/audit/test/corpus), written by the team. */
export const corpusRoot = new URL('../../../../packages/audit/test/corpus/', import.meta.url)
  .pathname

/** A corpus case's files as the audit sees them (its label.json is not part of the skill). */
export function corpusFiles(label: 'malicious' | 'benign', id: string): AuditFile[] {
  return readSkillFolder(join(corpusRoot, label, id)).files.filter((f) => f.path !== 'label.json')
}

/** A corpus case packed as a publish tarball at `version`, under the name its SKILL.md gives. */
export async function packCorpusSkill(
  label: 'malicious' | 'benign',
  id: string,
  version: string,
): Promise<{ name: string; tarball: Uint8Array }> {
  const source = join(corpusRoot, label, id)
  const skillMd = await readFile(join(source, 'SKILL.md'), 'utf8')
  const name = /^name:\s*"?([a-z0-9-]+)"?\s*$/m.exec(skillMd)?.[1]
  if (name === undefined) throw new Error(`${id}: no name in SKILL.md`)
  const root = await mkdtemp(join(tmpdir(), 'skillship-corpus-'))
  try {
    await cp(source, join(root, name), {
      recursive: true,
      filter: (path) => !path.endsWith('label.json'),
    })
    const packed = await packSkill(await loadSkill(join(root, name)), { version })
    return { name, tarball: packed.tarball }
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}
