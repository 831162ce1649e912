import type { AuditGateReport } from '../audit/install-gate.js'
import { auditGate } from '../audit/install-gate.js'
import { projectAuditPolicy } from '../audit/project-audit-policy.js'
import type { LockedAudit, Lockfile } from '../lockfile/lockfile-schema.js'
import type { Manifest } from '../manifest/manifest.js'
import type { Sources } from '../source/create-sources.js'
import type { ExperimentOverrides } from './experiment-overrides.js'
import type { ReadySkill } from './resolve-planned-skill.js'

/** The install after its gate: the skills to place and the lock entries, each with its verdict. */
export interface GatedInstall {
  readonly overrides: ExperimentOverrides
  readonly lockOf: ReadonlyMap<string, ReadySkill>
  readonly warnings: readonly string[]
  readonly report: AuditGateReport
}

/**
 * Runs the audit gate over every skill about to be placed and every lock entry kept in its place
 * (an experiment's control), under the project's policy (skillship.json `audit`). Each skill's
 * lock entry gets its verdict record; under `frozen` the entry keeps the record skillship.lock
 * already has, as a frozen install never rewrites the lockfile (the gate still judges).
 */
export async function gateInstall(
  overrides: ExperimentOverrides,
  lockOf: ReadonlyMap<string, ReadySkill>,
  context: {
    readonly manifest: Manifest
    readonly projectRoot: string
    readonly sources: Sources
    readonly previous: Lockfile | undefined
    readonly frozen: boolean
  },
): Promise<GatedInstall> {
  const policy = await projectAuditPolicy(context.projectRoot, context.manifest.audit)
  const all = [...overrides.skills, ...lockOf.values()]
  const unique = [...new Map(all.map((skill) => [keyOf(skill), skill])).values()]
  const gate = await auditGate(
    unique.map((skill) => ({ name: skill.name, locked: skill.locked, dir: skill.entry.dir })),
    {
      policy,
      previous: context.previous,
      versionDocument: (locked) => context.sources.versionDocument(locked),
    },
  )
  const withRecord = (skill: ReadySkill): ReadySkill => {
    const audit = context.frozen
      ? frozenRecord(skill, context.previous)
      : gate.records.get(keyOf(skill))
    const { audit: _replaced, ...locked } = skill.locked
    return { ...skill, locked: audit === undefined ? locked : { ...locked, audit } }
  }
  return {
    overrides: { ...overrides, skills: overrides.skills.map(withRecord) },
    lockOf: new Map([...lockOf].map(([name, skill]) => [name, withRecord(skill)])),
    warnings: gate.warnings,
    report: gate.report,
  }
}

function keyOf(skill: ReadySkill): string {
  return `${skill.name}\n${skill.locked.integrity}`
}

function frozenRecord(skill: ReadySkill, previous: Lockfile | undefined): LockedAudit | undefined {
  const entry = previous?.skills[skill.name]
  return entry?.integrity === skill.locked.integrity ? entry.audit : undefined
}
