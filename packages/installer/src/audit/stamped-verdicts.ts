import { parseLockfile } from '../lockfile/lockfile.js'
import { readManifest } from '../manifest/manifest.js'
import { type InstallerOptions, installerPaths } from '../project/project.js'
import { createSources } from '../source/create-sources.js'
import { auditBlocked, type BlockedSkill } from './audit-blocked.js'
import { registryAnswer, unreachableWarning } from './install-gate.js'
import { judgeWithoutScan } from './judge-skill.js'
import { projectAuditPolicy } from './project-audit-policy.js'

/**
 * For a frozen install the install stamp found unchanged: asks the registry (one batched read) for
 * its current verdict on every locked registry version, so a version re-judged as block since the
 * last install is refused even then (INSTALL_AUDIT_BLOCKED), and checks every lock record still
 * holds (same preset, allow entries and rule pack: a policy file or a newer CLI may have changed
 * them). Returns the warnings to show when the stamped install still stands (the registry
 * unreachable: the recorded verdict stands), or undefined when the full install must run.
 * `lockfileText` is skillship.lock as the stamp check read it (its hash matched the stamp), parsed
 * and checked here: the file is read once.
 * Its own entry point (`@skillship/installer/stamped-verdicts`): a no-op `install --frozen` loads
 * this, the manifest and lockfile readers and the registry client, not the install lifecycle.
 */
export async function checkStampedVerdicts(
  options: InstallerOptions,
  lockfileText: string,
): Promise<{ warnings: readonly string[] } | undefined> {
  const paths = installerPaths(options)
  const manifest = await readManifest(paths.manifest)
  if (manifest === undefined) return undefined
  const read = parseLockfile(lockfileText, paths.lockfile)
  const skills = Object.entries(read.lockfile.skills).map(([name, locked]) => ({ name, locked }))
  const registry = skills.filter((skill) => skill.locked.source.type === 'registry')
  const sources = createSources({
    registry: manifest.registry ?? options.registry,
    clientFor: options.clientFor,
  })
  const specs = registry.map((s) => ({
    kind: 'registry' as const,
    name: s.name,
    range: s.locked.version,
  }))
  // A failed batch is asked again, one name at a time, by registryAnswer, which reports it.
  await sources.prefetch(specs).catch(() => undefined)
  const policy = await projectAuditPolicy(options.projectRoot, manifest.audit)
  const versionDocument = sources.versionDocument
  const answers = await Promise.all(
    skills.map((skill) => registryAnswer(skill, { versionDocument })),
  )
  const blocked: BlockedSkill[] = []
  const warnings: string[] = []
  let rejudge = false
  skills.forEach((skill, index) => {
    const answer = answers[index]
    if (answer?.state === 'unreachable') warnings.push(unreachableWarning(skill.name))
    const judged = judgeWithoutScan(skill, policy, skill.locked.audit, answer)
    if (judged === undefined) rejudge = true
    else if ('blocked' in judged) blocked.push(judged.blocked)
  })
  if (blocked.length > 0) throw auditBlocked(blocked)
  return rejudge ? undefined : { warnings }
}
