import { join } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import semver from 'semver'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import type { NodeNeeds } from '../discover/skill-runtime-needs.js'

/**
 * Checks the skill's `engines.node` against the running Node: RUNTIME_NODE_UNSUPPORTED when it is
 * not satisfied, RUNTIME_DECLARATION_INVALID when it is not a semver range.
 */
export function checkNodeEngines(
  skillDir: string,
  needs: NodeNeeds,
  nodeVersion: string = process.versions.node,
): void {
  if (needs.engines === undefined) return
  const path = join(skillDir, needs.packageJson)
  if (semver.validRange(needs.engines) === null) {
    throw new SkillshipError(
      RuntimeErrorCode.DeclarationInvalid,
      `${path}: "engines.node" is not a semver range ("${needs.engines}").`,
      { hint: 'Use a range such as ">=20" or "^20.19 || >=22".', path },
    )
  }
  if (!semver.satisfies(nodeVersion, needs.engines)) {
    throw new SkillshipError(
      RuntimeErrorCode.NodeUnsupported,
      `${skillDir} needs Node ${needs.engines} (engines.node in ${needs.packageJson}), ` +
        `but this is Node ${nodeVersion}.`,
      {
        hint: `Install a Node that matches ${needs.engines} (e.g. with nvm: nvm install <version>) and run skillship with it.`,
        path,
        details: { required: needs.engines, running: nodeVersion },
      },
    )
  }
}
