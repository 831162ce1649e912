import { assignVariation, getBucketRanges } from '@skillship/experiments'
import type { ExperimentRecord } from './experiment-store.js'

/**
 * The coverage in force at `now`: the last ramp step at or before `now`, else the experiment's
 * `coverage` (ramp steps are sorted by `at`).
 */
export function currentCoverage(
  experiment: Pick<ExperimentRecord, 'coverage' | 'ramp'>,
  now: Date,
): number {
  let coverage = experiment.coverage
  const time = now.getTime()
  for (const step of experiment.ramp) {
    if (Date.parse(step.at) <= time) coverage = step.coverage
    else break
  }
  return coverage
}

/**
 * The arm (index into `variants`) GrowthBook hash v2 gives `user` under the experiment's seed,
 * weights (normalised to sum to 1) and the coverage in force at `now`; -1 outside the coverage.
 */
export function hashedArm(
  experiment: Pick<ExperimentRecord, 'seed' | 'variants' | 'coverage' | 'ramp'>,
  user: string,
  now: Date,
): number {
  const total = experiment.variants.reduce((sum, variant) => sum + variant.weight, 0)
  const weights = experiment.variants.map((variant) => variant.weight / total)
  const ranges = getBucketRanges(weights.length, currentCoverage(experiment, now), weights)
  return assignVariation(experiment.seed, user, ranges)
}
