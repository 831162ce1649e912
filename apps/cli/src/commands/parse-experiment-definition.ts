import type {
  CreateExperimentRequest,
  ExperimentGuardrail,
  ExperimentVariant,
} from '@skillship/registry-client'
import { usageError } from '../cli-error-codes.js'

/** The options of `skillship experiment create`, as parsed by parseArgs. */
export interface ExperimentCreateFlags {
  readonly skill?: string | undefined
  readonly variant?: readonly string[] | undefined
  readonly metric?: string | undefined
  readonly coverage?: string | undefined
  readonly guardrail?: readonly string[] | undefined
  readonly seed?: string | undefined
}

/**
 * The request body of `experiment create <key>`: `--variant key=version[:weight]` (weight 1 when
 * left out; the first is the control), `--guardrail metric[:lower|:higher]` (lower is better when
 * left out), `--coverage` in (0, 1]. The registry checks the rest (versions published, keys).
 */
export function parseExperimentDefinition(
  key: string,
  flags: ExperimentCreateFlags,
): CreateExperimentRequest {
  if (flags.skill === undefined || flags.skill === '') throw usageError('create needs --skill')
  if (flags.metric === undefined || flags.metric === '') throw usageError('create needs --metric')
  const variants = (flags.variant ?? []).map(parseVariant)
  if (variants.length < 2) {
    throw usageError('create needs two --variant key=version[:weight] or more (control first)')
  }
  return {
    key,
    skill: flags.skill,
    variants,
    primaryMetric: flags.metric,
    ...(flags.coverage === undefined ? {} : { coverage: parseCoverage(flags.coverage) }),
    ...(flags.guardrail === undefined ? {} : { guardrails: flags.guardrail.map(parseGuardrail) }),
    ...(flags.seed === undefined ? {} : { seed: flags.seed }),
  }
}

function parseVariant(text: string): ExperimentVariant {
  const match = /^([^=\s]+)=([^:\s]+)(?::([^:\s]+))?$/.exec(text)
  const [, key, version, weightText] = match ?? []
  if (key === undefined || version === undefined) {
    throw usageError(`--variant ${text}: expected key=version[:weight], e.g. b=3.0.0:1`)
  }
  const weight = weightText === undefined ? 1 : Number(weightText)
  if (!Number.isFinite(weight) || weight < 0) {
    throw usageError(`--variant ${text}: the weight must be a number >= 0`)
  }
  return { key, version, weight }
}

function parseCoverage(text: string): number {
  const coverage = Number(text)
  if (text.trim() === '' || !Number.isFinite(coverage) || coverage <= 0 || coverage > 1) {
    throw usageError(`--coverage ${text}: expected a share in (0, 1], e.g. 0.2`)
  }
  return coverage
}

function parseGuardrail(text: string): ExperimentGuardrail {
  const [metric, direction = 'lower', ...rest] = text.split(':')
  if (metric === undefined || metric === '' || rest.length > 0) {
    throw usageError(`--guardrail ${text}: expected metric[:lower|:higher]`)
  }
  if (direction === 'lower') return { metric, direction: 'lower-is-better' }
  if (direction === 'higher') return { metric, direction: 'higher-is-better' }
  throw usageError(`--guardrail ${text}: the direction is lower or higher`)
}
