import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { countOf, type Finding, finding } from './finding.js'

const name = 'declarations'

/**
 * Reads every installed skill's dependency declarations (PEP 723 blocks, requirements.txt,
 * pyproject.toml, package.json) once, for the node, python and envs checks. A skill whose
 * declarations cannot be read or contradict each other is an error here; the other checks then
 * leave that skill out.
 */
export const declarationsCheck: DoctorCheck = {
  name,
  async run(context) {
    let skills: Awaited<ReturnType<typeof context.installedSkills>>
    try {
      skills = await context.installedSkills()
    } catch (error) {
      return [errorFinding(name, error)]
    }
    const findings: Finding[] = skills.flatMap((skill) =>
      'problem' in skill ? [errorFinding(name, skill.problem, `skill ${skill.name}: `)] : [],
    )
    const readable = skills.length - findings.length
    return [finding(name, 'ok', `${countOf(readable, 'installed skill')} read`), ...findings]
  },
}
