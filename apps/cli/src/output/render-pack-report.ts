import { relative } from 'node:path'
import type { SkillIssue } from '@skillship/core'
import type { PackedSkill } from '@skillship/core/node'
import { formatBytes } from './format-bytes.js'
import { paint } from './paint.js'

interface RenderOptions {
  readonly file: string
  readonly cwd: string
  readonly color: boolean
  readonly issues: readonly SkillIssue[]
  /** The skill digest of the packed files (docs/signing.md). */
  readonly skillDigest: string
}

/** Renders a packed skill for people: what was written, its integrity, sizes and any warnings. */
export function renderPackReport(packed: PackedSkill, options: RenderOptions): string[] {
  const { color } = options
  const id = packed.version === undefined ? packed.name : `${packed.name}@${packed.version}`
  const lines = [
    `${paint('green', '✓', color)} packed ${paint('bold', id, color)}`,
    `    file       ${relative(options.cwd, options.file) || options.file}`,
    `    integrity  ${packed.integrity}`,
    `    digest     ${options.skillDigest}`,
    `    files      ${packed.files.length} (${formatBytes(packed.unpackedSize)} unpacked)`,
    `    size       ${formatBytes(packed.size)}`,
  ]
  for (const issue of options.issues) {
    if (issue.severity === 'warning')
      lines.push(`    ${paint('yellow', 'warning', color)}  ${issue.message} [${issue.code}]`)
  }
  return lines
}
