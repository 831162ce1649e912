import { dirname } from 'node:path'
import type { InstallResult } from '@skillship/installer'
import { paint } from './paint.js'

/** Renders an install for people: each skill, each agent folder with its check, then a summary. */
export function renderInstallResult(
  result: InstallResult,
  options: { readonly color: boolean; readonly dryRun?: boolean },
): string[] {
  const { color } = options
  const lines = result.skills.map(
    (skill) =>
      `${skill.changed ? paint('green', '+', color) : ' '} ${skill.name}@${skill.version}  ${paint('dim', skill.integrity.slice(0, 22), color)}`,
  )
  for (const { skill, experiment, variant, version } of result.experiments ?? []) {
    const locked = result.skills.find((entry) => entry.name === skill)?.version
    lines.push(
      `${paint('yellow', '~', color)} ${skill}@${version}  experiment ${experiment}, variant ${variant}${locked === undefined ? '' : ` (skillship.lock keeps ${locked})`}`,
    )
  }
  if (result.detectedAgents !== undefined) lines.push(detectedLine(result.detectedAgents))
  lines.push(...renderAgents(result, color))
  for (const path of result.removed) lines.push(`${paint('yellow', '-', color)} ${path}`)
  for (const warning of result.warnings) lines.push(`${paint('yellow', '!', color)} ${warning}`)
  const verb = options.dryRun ? 'would change' : 'changed'
  const count = result.skills.length
  lines.push(
    `${count} skill${count === 1 ? '' : 's'}, ${result.changed} ${verb}${result.lockfileChanged ? ', skillship.lock updated' : ''}`,
  )
  return lines
}

function detectedLine(detected: NonNullable<InstallResult['detectedAgents']>): string {
  if (detected.length === 0)
    return 'agents: no agent folder found here or in your home folder, so qoder (--agent to choose; written to skillship.json)'
  const found = detected.map((agent) => `${agent.id} (${agent.evidence})`).join(', ')
  return `agents detected: ${found}; written to skillship.json`
}

function renderAgents(result: InstallResult, color: boolean): string[] {
  const byAgent = new Map<string, { ok: number; bad: string[]; folders: Set<string> }>()
  for (const report of result.agents) {
    const entry = byAgent.get(report.agent) ?? { ok: 0, bad: [], folders: new Set<string>() }
    if (report.verified) entry.ok += 1
    else entry.bad.push(`${report.path}: ${report.problem ?? 'not verified'}`)
    entry.folders.add(dirname(report.path))
    byAgent.set(report.agent, entry)
  }
  const lines: string[] = []
  for (const [agent, entry] of byAgent) {
    const mark = entry.bad.length === 0 ? paint('green', '✓', color) : paint('red', '✗', color)
    // Several agents may read one folder (.agents/skills): say which.
    const [folder] = entry.folders
    const where = entry.folders.size === 1 && folder !== undefined ? ` in ${folder}` : ''
    lines.push(
      `${mark} ${agent}: ${entry.ok} skill${entry.ok === 1 ? '' : 's'} verified on disk${where}`,
      ...entry.bad.map((p) => `    ${p}`),
    )
  }
  return lines
}
