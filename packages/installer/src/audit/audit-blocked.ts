import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** Why one skill is blocked: the rules and where they were found, or the registry's verdict. */
export interface BlockedSkill {
  readonly name: string
  readonly version: string
  /** `local`: this machine's audit under the project policy; `registry`: the registry's verdict. */
  readonly by: 'local' | 'registry'
  readonly rulePack: string
  /** The skill's content digest, for an allow entry (absent when the registry decided). */
  readonly digest?: string
  readonly findings: readonly {
    readonly rule: string
    readonly path: string
    readonly line: number
    readonly message: string
  }[]
  /** The registry's counts by severity when the registry decided. */
  readonly counts?: Readonly<Record<string, number>>
}

const shownFindings = 5

/**
 * INSTALL_AUDIT_BLOCKED for every blocked skill: the message names each skill with its rules and
 * files; `details.blocked` holds all of it, with the digest an allow entry must name. Nothing has
 * been placed when this is thrown, and `--force` does not override it.
 */
export function auditBlocked(blocked: readonly BlockedSkill[]): SkillshipError {
  const lines = blocked.map(describe)
  const allowable = blocked.some((skill) => skill.by === 'local')
  return new SkillshipError(
    InstallErrorCode.AuditBlocked,
    `The audit blocks ${blocked.length === 1 ? 'a skill' : `${blocked.length} skills`}; nothing was installed:\n${lines.join('\n')}`,
    {
      hint: allowable
        ? 'Remove the skill, or, after reviewing the findings, add an allow entry { rule, skill, integrity: <digest>, reason } to skillship.json\'s "audit.allow".'
        : 'The registry withholds this version; pick another version or ask its publisher.',
      details: { blocked },
    },
  )
}

function describe(skill: BlockedSkill): string {
  const head = `  ${skill.name}@${skill.version}`
  if (skill.by === 'registry') {
    const counts = Object.entries(skill.counts ?? {})
      .filter(([, n]) => n > 0)
      .map(([severity, n]) => `${n} ${severity}`)
      .join(', ')
    return `${head}: blocked by the registry's audit (rule pack ${skill.rulePack}${counts === '' ? '' : `; ${counts}`})`
  }
  const rules = [...new Set(skill.findings.map((f) => f.rule))].join(', ')
  const where = skill.findings
    .slice(0, shownFindings)
    .map((f) => `    ${f.rule} ${f.path}:${f.line} ${f.message}`)
  const more =
    skill.findings.length > shownFindings
      ? [`    ... ${skill.findings.length - shownFindings} more`]
      : []
  return [`${head}: ${rules} (digest ${skill.digest ?? '?'})`, ...where, ...more].join('\n')
}
