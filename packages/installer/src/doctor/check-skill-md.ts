import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SkillIssue } from '@skillship/core'
import { decodeSkillMd } from '@skillship/core/decode-skill-md'
import { errnoCode, isSkillshipError } from '@skillship/core/errors'
import type { DoctorCheck } from './doctor-check.js'
import { errorFinding } from './error-finding.js'
import { countOf, type Finding, finding } from './finding.js'
import { type SkillFolder, skillFolders } from './skill-folders.js'

const name = 'skill-md'

/**
 * The SKILL.md of every skill folder in the configured agent folders, read as agents read it: an
 * encoding other than plain UTF-8 (BOM, UTF-16, GB18030) is a warning with the `lint --fix`
 * command, undecodable bytes or a frontmatter that fails validation (for the profile of each
 * agent reading the folder) an error, a folder without SKILL.md a warning. Each real folder is
 * read once.
 */
export const skillMdCheck: DoctorCheck = {
  name,
  async run(context) {
    const seen = new Set<string>()
    const findings: Finding[] = []
    for (const folder of await context.agentFolders()) {
      let valid = 0
      for (const skill of await skillFolders(folder.skillsDir)) {
        if (seen.has(skill.realPath)) continue
        seen.add(skill.realPath)
        const found = await checkSkill(skill, folder.agents)
        if (found.length === 0) valid += 1
        findings.push(...found)
      }
      if (valid > 0) {
        findings.push(
          finding(name, 'ok', `${countOf(valid, 'skill')} in ${folder.skillsDir} read cleanly`),
        )
      }
    }
    if (findings.length === 0) findings.push(finding(name, 'ok', 'no skills in the agent folders'))
    return findings
  },
}

async function checkSkill(skill: SkillFolder, agents: readonly string[]): Promise<Finding[]> {
  const path = join(skill.path, 'SKILL.md')
  let bytes: Buffer
  try {
    bytes = await readFile(path)
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    return [
      finding(name, 'warn', `${skill.path} has no SKILL.md: agents skip it`, {
        fix: `add a SKILL.md to ${skill.path}, or remove the folder`,
        path: skill.path,
      }),
    ]
  }
  let decoded: ReturnType<typeof decodeSkillMd>
  try {
    decoded = decodeSkillMd(bytes)
  } catch (error) {
    if (!isSkillshipError(error)) throw error
    return [{ ...errorFinding(name, error, `${path}: `), path }]
  }
  const findings = decoded.issues.map((issue) =>
    finding(name, 'warn', `${path}: ${issue.message}`, {
      fix: `skillship lint --fix ${skill.path}`,
      path,
      code: issue.code,
    }),
  )
  const invalid = await frontmatterErrors(decoded.text, skill.name, agents)
  if (invalid.length > 0) {
    const [first] = invalid
    const more = invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''
    findings.push(
      finding(name, 'error', `${path}: agents would drop this skill: ${first?.message}${more}`, {
        fix: `skillship lint ${skill.path} (shows every issue; --fix repairs the encoding and layout ones)`,
        path,
        code: first?.code,
      }),
    )
  }
  return findings
}

// Core's parser and validator (the YAML reader) are imported on first use: this module may sit in
// the installer's shared bundle chunk, which an install loads without ever validating frontmatter.
// Checked against the profile of every agent reading the folder (one copy in .agents/skills
// serves several), each distinct error once.
async function frontmatterErrors(text: string, directoryName: string, agents: readonly string[]) {
  const { isTargetId, parseSkillMd, validateSkill } = await import('@skillship/core')
  const skill = parseSkillMd(text)
  const errors = new Map<string, SkillIssue>()
  for (const agent of agents.length > 0 ? agents : ['generic']) {
    const target = isTargetId(agent) ? agent : 'generic'
    for (const issue of validateSkill(skill, { directoryName }, { target }).issues) {
      if (issue.severity === 'error') errors.set(`${issue.code}\u0000${issue.message}`, issue)
    }
  }
  return [...errors.values()]
}
