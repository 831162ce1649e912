import { type AuditPolicy, judge, type Verdict } from '@skillship/audit/policy'
import { rulePack } from '@skillship/audit/rule-pack'
import type { AuditSummary } from '@skillship/registry-client'
import type { LockedAudit, LockedSkill } from '../lockfile/lockfile-schema.js'
import type { BlockedSkill } from './audit-blocked.js'
import { verdictFromSummary } from './summary-verdict.js'

/** Where a verdict came from: reused from skillship.lock, the registry's summary, or a scan here. */
export type VerdictOrigin = 'lockfile' | 'registry' | 'local'

/** One skill's judgement: a record to lock, or the reason it is blocked. */
export type SkillJudgement =
  | {
      readonly record: LockedAudit
      readonly from: VerdictOrigin
      /** The warned rules of a local scan (empty otherwise). */
      readonly warned: readonly string[]
    }
  | { readonly blocked: BlockedSkill }

/** What the registry says now about a registry version: its summary, or why it is unknown. */
export type RegistryAnswer =
  | { readonly state: 'summary'; readonly summary: AuditSummary }
  | { readonly state: 'none' }
  | { readonly state: 'unreachable' }

/**
 * Judges one fetched skill under the project's policy (docs/audit.md, "Install gate"):
 * 1. the registry's verdict `block` blocks, whatever the project says (the newer verdict wins);
 * 2. the lock's record is reused when it judged these bytes under the same preset, the same allow
 *    entries and the same rule pack (the registry's, unless it cannot be reached; or this CLI's
 *    for a local audit): no scan;
 * 3. a registry summary decides when verdictFromSummary can and no allow entry names this
 *    content (allow entries match findings, which a summary does not list) and it is not block;
 * 4. otherwise the stored files are audited here and judged.
 * The folder reader is loaded at step 3 and the scanner (rules, JavaScript parser,
 * regular-expression engine) at step 4, not before: a no-op frozen install reaches neither, and
 * most installs never scan.
 */
export async function judgeSkill(
  skill: { readonly name: string; readonly locked: LockedSkill; readonly dir: string },
  policy: AuditPolicy,
  previous: LockedAudit | undefined,
  registry: RegistryAnswer | undefined,
): Promise<SkillJudgement> {
  const early = judgeWithoutScan(skill, policy, previous, registry)
  if (early !== undefined) return early
  const { name, locked } = skill
  const summary = registry?.state === 'summary' ? registry.summary : undefined
  const { readSkillFolder, skillDigest } = await import('@skillship/audit/node')
  const files = readSkillFolder(skill.dir).files
  const digest = skillDigest(files)
  const allowed = allowedFor(policy, name, digest)
  const decided =
    summary && allowed.length === 0 ? verdictFromSummary(summary, policy.preset) : undefined
  if (summary && (decided === 'pass' || decided === 'warn')) {
    const record = lockedAudit(decided, summary.rulePack, 'registry', policy, digest, allowed)
    return { record, from: 'registry', warned: [] }
  }
  const { auditSkill } = await import('@skillship/audit')
  const report = auditSkill(files)
  const judgement = judge(report, policy, digest)
  if (judgement.verdict === 'block') {
    const findings = judgement.findings
      .filter((f) => f.action === 'block')
      .map(({ rule, path, line, message }) => ({ rule, path, line, message }))
    const incomplete = findings.length === 0 ? [incompleteFinding(report.incompleteReasons)] : []
    return {
      blocked: {
        name,
        version: locked.version,
        by: 'local',
        rulePack: report.rulePackVersion,
        digest,
        findings: [...findings, ...incomplete],
      },
    }
  }
  const warned = [
    ...new Set(judgement.findings.filter((f) => f.action === 'warn').map((f) => f.rule)),
  ]
  const record = lockedAudit(
    judgement.verdict,
    report.rulePackVersion,
    'local',
    policy,
    digest,
    allowed,
  )
  return { record, from: 'local', warned }
}

/**
 * Steps 1 and 2 of judgeSkill, which read no file: the registry's block, or the lock's record
 * reused; undefined when the skill must be judged from its files or the registry's summary.
 */
export function judgeWithoutScan(
  skill: { readonly name: string; readonly locked: Pick<LockedSkill, 'version'> },
  policy: AuditPolicy,
  previous: LockedAudit | undefined,
  registry: RegistryAnswer | undefined,
): SkillJudgement | undefined {
  const { name, locked } = skill
  const summary = registry?.state === 'summary' ? registry.summary : undefined
  if (summary?.verdict === 'block') {
    const { rulePack: pack, findings: counts } = summary
    return {
      blocked: {
        name,
        version: locked.version,
        by: 'registry',
        rulePack: pack,
        findings: [],
        counts,
      },
    }
  }
  if (previous !== undefined && reusable(previous, policy, name, registry, summary))
    return { record: previous, from: 'lockfile', warned: [] }
  return undefined
}

function reusable(
  previous: LockedAudit,
  policy: AuditPolicy,
  name: string,
  registry: RegistryAnswer | undefined,
  summary: AuditSummary | undefined,
): boolean {
  if (previous.policy !== policy.preset) return false
  if (!sameAllowed(previous.allowed, allowedFor(policy, name, previous.digest))) return false
  if (registry?.state === 'unreachable') return true
  if (previous.by === 'registry')
    return summary !== undefined && summary.rulePack === previous.rulePack
  return previous.rulePack === rulePack.version
}

/** The project's allow entries for this skill at this digest, as the lock records them. */
function allowedFor(policy: AuditPolicy, name: string, digest: string) {
  return policy.allow
    .filter((entry) => entry.skill === name && entry.integrity === digest)
    .map(({ rule, reason }) => ({ rule, reason }))
}

function sameAllowed(
  a: readonly { rule: string; reason: string }[],
  b: readonly { rule: string; reason: string }[],
): boolean {
  const key = (entry: { rule: string; reason: string }) => `${entry.rule}\n${entry.reason}`
  const left = new Set(a.map(key))
  return left.size === new Set(b.map(key)).size && b.every((entry) => left.has(key(entry)))
}

function lockedAudit(
  verdict: Exclude<Verdict, 'block'>,
  pack: string,
  by: LockedAudit['by'],
  policy: AuditPolicy,
  digest: string,
  allowed: LockedAudit['allowed'],
): LockedAudit {
  return { verdict, rulePack: pack, by, policy: policy.preset, digest, allowed }
}

function incompleteFinding(reasons: readonly string[]) {
  return { rule: 'incomplete', path: '.', line: 1, message: reasons.join('; ') }
}
