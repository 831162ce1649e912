import { type PresetName, presets, type Verdict } from '@skillship/audit/policy'
import type { AuditSummary } from '@skillship/registry-client'

const order: Readonly<Record<Verdict, number>> = { pass: 0, warn: 1, block: 2 }
const worst = (a: Verdict, b: Verdict): Verdict => (order[a] >= order[b] ? a : b)
const best = (a: Verdict, b: Verdict): Verdict => (order[a] <= order[b] ? a : b)

/**
 * The project's verdict on a registry version from the registry's summary alone, or undefined
 * when the summary cannot decide it. The summary counts findings by severity but not by
 * confidence, so for every severity with a count the preset's action is bounded by its lowest and
 * highest action over the confidences; `incomplete` adds the preset's incomplete action. The
 * verdict is decided when the lowest and highest possible verdicts agree. Anything the summary
 * does not say plainly (an unknown severity key) leaves it undecided. The caller audits the
 * tarball locally when undecided, and decides block itself for a registry verdict of block.
 */
export function verdictFromSummary(summary: AuditSummary, preset: PresetName): Verdict | undefined {
  const { matrix, incomplete } = presets[preset]
  let low: Verdict = summary.incomplete ? incomplete : 'pass'
  let high: Verdict = low
  for (const [severity, count] of Object.entries(summary.findings)) {
    if (count === 0) continue
    if (!Object.hasOwn(matrix, severity)) return undefined
    const actions = Object.values(matrix[severity as keyof typeof matrix])
    low = worst(low, actions.reduce(best))
    high = worst(high, actions.reduce(worst))
  }
  return low === high ? low : undefined
}
