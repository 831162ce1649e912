import { join } from 'node:path'
import type { StampedLock } from '../install/install-stamp.js'
import { readManifest } from '../manifest/manifest.js'
import { auditBlocked, type BlockedSkill } from './audit-blocked.js'
import { currentVerdicts, type RegistryOptionsFor, unreachableWarning } from './current-verdicts.js'
import { judgeWithoutScan } from './judge-skill.js'
import { projectAuditPolicy } from './project-audit-policy.js'

/** What the stamped check needs of an install's options. */
export interface StampedVerdictOptions {
  /** The folder holding skillship.json and skillship.lock. */
  readonly projectRoot: string
  /** How to reach each registry the lock names (token, transport), as the full install's client. */
  readonly registryOptionsFor: RegistryOptionsFor
}

/**
 * For a frozen install the install stamp found unchanged: asks each registry (one
 * `POST /v1/verdicts`, currentVerdicts) for its current verdict on every locked registry version,
 * so a version re-judged as block since the last install is refused even then
 * (INSTALL_AUDIT_BLOCKED), and checks every lock record still holds (same preset, allow entries
 * and rule pack: a policy file or a newer CLI may have changed them). Under
 * `trust.registryKeys: "verify"` each verdict must carry a registry signature that verifies.
 * Returns the warnings to show when the stamped install still stands (the registry unreachable:
 * the recorded verdict stands), or undefined when the full install must run.
 * `locked` is the stamp's copy of the lock entries (UnchangedStamp.locked): the install that
 * wrote skillship.lock recorded them, and the stamp answers only while the file's bytes are the
 * ones it wrote, so skillship.lock is not parsed again. (Whoever can alter the stamp can alter the
 * placed files it vouches for as well.)
 * Its own entry point (`@skillship/installer/stamped-verdicts`): a no-op `install --frozen` loads
 * this, the manifest reader and the registry's verdicts request, not the install lifecycle, the
 * lockfile reader, the registry client or its document schemas.
 */
export async function checkStampedVerdicts(
  options: StampedVerdictOptions,
  locked: Readonly<Record<string, StampedLock>>,
): Promise<{ warnings: readonly string[] } | undefined> {
  const manifest = await readManifest(join(options.projectRoot, 'skillship.json'))
  if (manifest === undefined) return undefined
  const skills = Object.entries(locked).map(([name, entry]) => ({ name, locked: entry }))
  const [answers, policy] = await Promise.all([
    currentVerdicts(skills, options.registryOptionsFor, manifest.trust),
    projectAuditPolicy(options.projectRoot, manifest.audit),
  ])
  const blocked: BlockedSkill[] = []
  const warnings: string[] = []
  let rejudge = false
  for (const skill of skills) {
    const answer = answers.get(skill.name)
    if (answer?.state === 'unreachable') warnings.push(unreachableWarning(skill.name))
    const judged = judgeWithoutScan(skill, policy, skill.locked.audit, answer)
    if (judged === undefined) rejudge = true
    else if ('blocked' in judged) blocked.push(judged.blocked)
  }
  if (blocked.length > 0) throw auditBlocked(blocked)
  return rejudge ? undefined : { warnings }
}
