import type { AuditPolicy } from '@skillship/audit/policy'
import { isSkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode, type VersionDocument } from '@skillship/registry-client/client'
import type { LockedAudit, LockedSkill, Lockfile } from '../lockfile/lockfile-schema.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import { auditBlocked, type BlockedSkill } from './audit-blocked.js'
import { unreachableWarning } from './current-verdicts.js'
import { judgeSkill, type RegistryAnswer, type VerdictOrigin } from './judge-skill.js'

/** A skill about to be placed: its lock entry and the folder of its verified store entry. */
export interface GatedSkill {
  readonly name: string
  readonly locked: LockedSkill
  readonly dir: string
}

/** What the registry now serves for a locked registry version (Sources.versionDocument). */
export type VersionDocumentOf = (
  locked: LockedSource & { type: 'registry' },
) => Promise<VersionDocument | undefined>

/** The gate's account of an install, reported in `--json` (`audit`). */
export interface AuditGateReport {
  /** How many skills were scanned on this machine (0 when every verdict was reused or given). */
  readonly scanned: number
  readonly skills: readonly {
    readonly name: string
    readonly verdict: 'pass' | 'warn'
    readonly from: VerdictOrigin
    readonly rulePack: string
  }[]
}

export interface AuditGateOutcome {
  /** The lock record of every skill, by `<name>\n<integrity>`. */
  readonly records: ReadonlyMap<string, LockedAudit>
  readonly warnings: readonly string[]
  readonly report: AuditGateReport
}

/**
 * The install gate: every skill about to be placed is judged (judgeSkill) before the first write
 * into an agent folder; any block throws INSTALL_AUDIT_BLOCKED naming every blocked skill, and
 * nothing is placed. Registry versions are looked up on the registry (one batched read, started
 * by the caller), so a version the registry has since re-judged as block is refused even when the
 * lockfile recorded a pass; an unreachable registry leaves the recorded verdict standing, with a
 * warning. Warn verdicts become warnings.
 */
export async function auditGate(
  skills: readonly GatedSkill[],
  context: {
    readonly policy: AuditPolicy
    readonly previous: Lockfile | undefined
    readonly versionDocument: VersionDocumentOf
  },
): Promise<AuditGateOutcome> {
  const answers = await Promise.all(skills.map((skill) => registryAnswer(skill, context)))
  const records = new Map<string, LockedAudit>()
  const warnings: string[] = []
  const blocked: BlockedSkill[] = []
  const reported: AuditGateReport['skills'][number][] = []
  let scanned = 0
  for (const [index, skill] of skills.entries()) {
    const answer = answers[index]
    if (answer?.state === 'unreachable') warnings.push(unreachableWarning(skill.name))
    const prior = context.previous?.skills[skill.name]
    const previous = prior?.integrity === skill.locked.integrity ? prior.audit : undefined
    const judgement = await judgeSkill(skill, context.policy, previous, answer)
    if ('blocked' in judgement) {
      blocked.push(judgement.blocked)
      continue
    }
    const { record, from } = judgement
    if (from === 'local') scanned += 1
    records.set(`${skill.name}\n${skill.locked.integrity}`, record)
    reported.push({ name: skill.name, verdict: record.verdict, from, rulePack: record.rulePack })
    if (record.verdict === 'warn') warnings.push(warning(skill.name, judgement.warned, from))
  }
  if (blocked.length > 0) throw auditBlocked(blocked)
  return { records, warnings, report: { scanned, skills: reported } }
}

/** What the registry now says about a registry skill's version; undefined for other sources. */
export async function registryAnswer(
  skill: Pick<GatedSkill, 'locked'>,
  context: { readonly versionDocument: VersionDocumentOf },
): Promise<RegistryAnswer | undefined> {
  const { source } = skill.locked
  if (source.type !== 'registry') return undefined
  try {
    const document = await context.versionDocument(source)
    return document?.audit === undefined
      ? { state: 'none' }
      : { state: 'summary', summary: document.audit }
  } catch (error) {
    if (isSkillshipError(error) && error.code === RegistryErrorCode.Unreachable)
      return { state: 'unreachable' }
    throw error
  }
}

function warning(name: string, rules: readonly string[], from: VerdictOrigin): string {
  const what = rules.length > 0 ? ` (${rules.join(', ')})` : ''
  const where =
    from === 'lockfile'
      ? 'as recorded in skillship.lock'
      : from === 'registry'
        ? "by the registry's summary"
        : 'by the audit'
  return `${name}: warned ${where}${what}; run \`skillship audit\` on it for the findings`
}
