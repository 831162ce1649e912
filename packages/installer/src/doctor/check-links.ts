import { readdir, readlink, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { errnoCode } from '@skillship/core/errors'
import { lstatIfExists } from '../shared/helpers.js'
import type { DoctorCheck } from './doctor-check.js'
import { type Finding, finding } from './finding.js'

const name = 'links'
const fix = 'skillship sync'

// What stat says about a link whose target is gone, loops, or passes through a file.
const dangling = new Set(['ENOENT', 'ELOOP', 'ENOTDIR'])

/**
 * Links agents cannot follow in the configured agent folders: a dangling symlink skillship placed
 * (recorded in installed.json) is an error, one it did not place a warning, both fixed by
 * `skillship sync` (which re-links skillship's own and reports the rest). A recorded placement
 * that is gone from disk is an error too: the agent no longer sees that skill.
 */
export const linksCheck: DoctorCheck = {
  name,
  async run(context) {
    const recorded = new Set((await context.installedState()).skills.map((r) => resolve(r.path)))
    const findings: Finding[] = []
    for (const folder of await context.agentFolders()) {
      findings.push(...(await danglingIn(folder.skillsDir, recorded)))
    }
    for (const record of (await context.installedState()).skills) {
      if ((await lstatIfExists(record.path)) !== undefined) continue
      findings.push(
        finding(
          name,
          'error',
          `skill ${record.name} for ${record.agent} is missing from ${record.path}`,
          {
            fix,
            path: record.path,
          },
        ),
      )
    }
    if (findings.length === 0)
      findings.push(finding(name, 'ok', 'no broken links in agent folders'))
    return findings
  },
}

async function danglingIn(skillsDir: string, recorded: ReadonlySet<string>): Promise<Finding[]> {
  const self = await lstatIfExists(skillsDir)
  if (self === undefined) return []
  if (self.isSymbolicLink() && (await isDangling(skillsDir))) {
    return [linkFinding('error', skillsDir, await readlink(skillsDir), 'the skills folder')]
  }
  const findings: Finding[] = []
  for (const entry of await readdir(skillsDir, { withFileTypes: true })) {
    if (!entry.isSymbolicLink()) continue
    const path = join(skillsDir, entry.name)
    if (!(await isDangling(path))) continue
    const ours = recorded.has(resolve(path))
    findings.push(
      linkFinding(ours ? 'error' : 'warn', path, await readlink(path), `skill ${entry.name}`),
    )
  }
  return findings
}

function linkFinding(
  status: 'warn' | 'error',
  path: string,
  target: string,
  what: string,
): Finding {
  return finding(name, status, `${what} is a broken link: ${path} -> ${target}`, { fix, path })
}

async function isDangling(path: string): Promise<boolean> {
  try {
    await stat(path)
    return false
  } catch (error) {
    if (dangling.has(errnoCode(error) ?? '')) return true
    throw error
  }
}
