import { isSkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import { checkNodeEngines } from '../runtimes/node/check-node-engines.js'
import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { type Finding, finding } from './finding.js'

const name = 'node'

// What checkNodeEngines reports about one skill, rather than about the doctor.
const verdictCodes = new Set<string>([
  RuntimeErrorCode.NodeUnsupported,
  RuntimeErrorCode.DeclarationInvalid,
])

/** The running Node, and every installed skill's `engines.node` checked against it (semver). */
export const nodeCheck: DoctorCheck = {
  name,
  async run(context) {
    const findings: Finding[] = [finding(name, 'ok', `running Node ${context.nodeVersion}`)]
    for (const skill of await context.installedSkills()) {
      const needs = 'needs' in skill ? skill.needs.node : undefined
      if (needs?.engines === undefined) continue
      try {
        checkNodeEngines(skill.dir, needs, context.nodeVersion)
        findings.push(
          finding(name, 'ok', `skill ${skill.name}: engines.node ${needs.engines} is satisfied`),
        )
      } catch (error) {
        if (!isSkillshipError(error) || !verdictCodes.has(error.code)) throw error
        findings.push(errorFinding(name, error, `skill ${skill.name}: `))
      }
    }
    return findings
  },
}
