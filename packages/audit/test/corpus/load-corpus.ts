import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { readSkillFolder } from '../../src/node.js'
import type { AuditFile } from '../../src/types.js'

export interface CorpusCase {
  readonly id: string
  readonly label: 'malicious' | 'benign'
  readonly category: string
  readonly files: readonly AuditFile[]
}

/** Loads labelled cases from `<root>/{malicious,benign}/<case>/` (label.json names the category; it is not audited). */
export function loadCorpus(root: string): CorpusCase[] {
  const cases: CorpusCase[] = []
  for (const label of ['malicious', 'benign'] as const) {
    for (const id of readdirSync(join(root, label)).sort()) {
      const dir = join(root, label, id)
      const meta = JSON.parse(readFileSync(join(dir, 'label.json'), 'utf8')) as { category: string }
      const files = readSkillFolder(dir).files.filter((f) => f.path !== 'label.json')
      cases.push({ id, label, category: meta.category, files })
    }
  }
  return cases
}
