// The public API of @skillship/experiments: GrowthBook-compatible assignment and the statistics of
// an experiment computed from sufficient statistics. Pure functions, no dependencies, no I/O.
export { type BayesianOptions, type BayesianResult, gaussianBayesian } from './bayesian.js'
export { getBucketRanges, getEqualWeights } from './bucket-ranges.js'
export { assignVariation, chooseVariation, inRange } from './choose-variation.js'
export {
  chiSquareCdf,
  chiSquareSf,
  normalCdf,
  normalPdf,
  normalQuantile,
  normalSf,
  studentTCdf,
  studentTPdf,
  studentTQuantile,
  studentTSf,
} from './distributions.js'
export { type EffectEstimate, estimateEffect } from './effect.js'
export {
  type GuardrailDecision,
  type GuardrailOptions,
  type GuardrailResult,
  guardrailDecision,
} from './guardrail.js'
export { fnv1a32, type HashVersion, hash } from './hash.js'
export {
  alwaysValidHalfWidth,
  defaultNStar,
  type MsprtOptions,
  type MsprtResult,
  mixtureRho2,
  mixtureVariance,
  msprtTest,
} from './msprt.js'
export {
  bernoulliStats,
  type ProportionOptions,
  type ProportionResult,
  twoProportionTest,
} from './proportions.js'
export {
  erf,
  erfc,
  incompleteBeta,
  logBeta,
  logGamma,
  regularizedBeta,
  regularizedGammaP,
  regularizedGammaQ,
} from './special-functions.js'
export { type SrmOptions, type SrmResult, sampleRatioMismatch } from './srm.js'
export {
  type ArmObservation,
  addObservation,
  aggregateByArm,
  assertStats,
  emptyStats,
  mergeStats,
  statsFromValues,
  statsMean,
  statsVariance,
} from './sufficient-stats.js'
export type {
  AnalysisIssue,
  BucketRange,
  DifferenceType,
  EffectOptions,
  Interval,
  MetricKind,
  NoEstimate,
  SufficientStats,
} from './types.js'
export { relativeLift, type WelchOptions, type WelchResult, welchTTest } from './welch.js'
