import { isJsonRecord } from '@skillship/core/plain-data'
import {
  ExperimentErrorCode,
  type ExperimentGuardrail,
  type ExperimentRampStep,
  type ExperimentVariant,
  experimentKeyPattern,
  metricPattern,
} from '@skillship/registry-client'
import { experimentError } from './experiment-error.js'

/** Variant keys: `control` first, then short lowercase keys. */
export const variantKeyPattern = /^[a-z0-9][a-z0-9-]{0,31}$/
/** Keys that would collide with fixed routes under /v1/experiments/. */
const reservedKeys: ReadonlySet<string> = new Set(['assignment'])

/** The guardrails recorded automatically on every served load. */
export const defaultGuardrails: readonly ExperimentGuardrail[] = [
  { metric: 'load_time_ms', direction: 'lower-is-better' },
  { metric: 'error', direction: 'lower-is-better' },
]

const maxVariants = 10
const maxGuardrails = 10
const maxRampSteps = 20

/** A create request checked field by field, with defaults applied (weights normalised). */
export interface ValidExperimentRequest {
  readonly key: string
  readonly skill: string
  readonly variants: readonly ExperimentVariant[]
  readonly coverage: number
  readonly primaryMetric: string
  readonly guardrails: readonly ExperimentGuardrail[]
  readonly ramp: readonly ExperimentRampStep[]
  readonly seed: string | undefined
}

function invalid(field: string, message: string, hint?: string): never {
  throw experimentError(ExperimentErrorCode.Invalid, message, {
    details: { field },
    ...(hint === undefined ? {} : { hint }),
  })
}

const isShare = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= 1

/**
 * Checks a `POST /v1/experiments` body without touching storage (whether the versions are
 * published is checked by the caller): EXPERIMENT_INVALID with `details.field` naming the first
 * bad field.
 */
export function validateExperimentRequest(body: Record<string, unknown>): ValidExperimentRequest {
  const { key, skill, primaryMetric, seed } = body
  if (typeof key !== 'string' || !experimentKeyPattern.test(key) || reservedKeys.has(key)) {
    invalid('key', `The key must match ${experimentKeyPattern.source} (and not be 'assignment')`)
  }
  if (typeof skill !== 'string' || skill === '') invalid('skill', 'skill must be a skill name')
  const variants = validateVariants(body['variants'])
  const coverage = body['coverage'] ?? 1
  if (!isShare(coverage)) invalid('coverage', 'coverage must be a number in (0, 1]')
  if (typeof primaryMetric !== 'string' || !metricPattern.test(primaryMetric)) {
    invalid('primaryMetric', `primaryMetric must match ${metricPattern.source}`)
  }
  if (seed !== undefined && (typeof seed !== 'string' || seed === '' || seed.length > 128)) {
    invalid('seed', 'seed must be a string of 1 to 128 characters')
  }
  return {
    key,
    skill,
    variants,
    coverage,
    primaryMetric,
    guardrails: validateGuardrails(body['guardrails']),
    ramp: validateRamp(body['ramp']),
    seed,
  }
}

function validateVariants(value: unknown): ExperimentVariant[] {
  if (!Array.isArray(value) || value.length < 2 || value.length > maxVariants) {
    invalid('variants', `variants must list 2 to ${maxVariants} arms, control first`)
  }
  const seen = new Set<string>()
  const variants = value.map((variant: unknown, index) => {
    const checked = validateVariant(variant, index)
    if (seen.has(checked.key)) {
      invalid(`variants[${index}].key`, `The variant key '${checked.key}' is used twice`)
    }
    seen.add(checked.key)
    return checked
  })
  const total = variants.reduce((sum, variant) => sum + variant.weight, 0)
  return variants.map((variant) => ({ ...variant, weight: variant.weight / total }))
}

function validateVariant(variant: unknown, index: number): ExperimentVariant {
  const field = `variants[${index}]`
  if (!isJsonRecord(variant)) invalid(field, `${field} must be { key, version, weight }`)
  const { key, version, weight = 1 } = variant
  if (typeof key !== 'string' || !variantKeyPattern.test(key)) {
    invalid(`${field}.key`, `${field}.key must match ${variantKeyPattern.source}`)
  }
  if (index === 0 && key !== 'control') {
    invalid(`${field}.key`, "The first variant is the control: its key must be 'control'")
  }
  if (typeof version !== 'string' || version === '') {
    invalid(`${field}.version`, `${field}.version must be a published version`)
  }
  if (typeof weight !== 'number' || !Number.isFinite(weight) || weight <= 0) {
    invalid(`${field}.weight`, `${field}.weight must be a number > 0`)
  }
  return { key, version, weight }
}

function validateGuardrails(value: unknown): readonly ExperimentGuardrail[] {
  if (value === undefined) return defaultGuardrails
  if (!Array.isArray(value) || value.length > maxGuardrails) {
    invalid('guardrails', `guardrails must be a list of at most ${maxGuardrails}`)
  }
  const seen = new Set<string>()
  return value.map((guardrail: unknown, index): ExperimentGuardrail => {
    const field = `guardrails[${index}]`
    if (!isJsonRecord(guardrail)) invalid(field, `${field} must be { metric, direction }`)
    const { metric, direction } = guardrail
    if (typeof metric !== 'string' || !metricPattern.test(metric) || seen.has(metric)) {
      invalid(`${field}.metric`, `${field}.metric must be a distinct metric name`)
    }
    seen.add(metric)
    if (direction !== 'lower-is-better' && direction !== 'higher-is-better') {
      invalid(
        `${field}.direction`,
        `${field}.direction must be lower-is-better or higher-is-better`,
      )
    }
    return { metric, direction }
  })
}

function validateRamp(value: unknown): readonly ExperimentRampStep[] {
  if (value === undefined) return []
  if (!Array.isArray(value) || value.length > maxRampSteps) {
    invalid('ramp', `ramp must be a list of at most ${maxRampSteps} steps`)
  }
  let previous = Number.NEGATIVE_INFINITY
  return value.map((step: unknown, index): ExperimentRampStep => {
    const field = `ramp[${index}]`
    if (!isJsonRecord(step)) invalid(field, `${field} must be { at, coverage }`)
    const { at, coverage } = step
    const time = typeof at === 'string' ? Date.parse(at) : Number.NaN
    if (Number.isNaN(time)) invalid(`${field}.at`, `${field}.at must be an ISO 8601 instant`)
    if (time <= previous) invalid(`${field}.at`, 'ramp steps must be sorted by `at`, each later')
    previous = time
    if (!isShare(coverage)) invalid(`${field}.coverage`, `${field}.coverage must be in (0, 1]`)
    return { at: new Date(time).toISOString(), coverage }
  })
}
