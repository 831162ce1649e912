import type { ExperimentDocument } from '@skillship/registry-client'
import type { ExperimentRecord } from './experiment-store.js'

/** The wire form of a stored experiment (dates as ISO 8601). */
export function toExperimentDocument(record: ExperimentRecord): ExperimentDocument {
  return {
    key: record.key,
    skill: record.skill,
    seed: record.seed,
    status: record.status,
    variants: record.variants,
    coverage: record.coverage,
    primaryMetric: record.primaryMetric,
    guardrails: record.guardrails,
    ramp: record.ramp,
    createdAt: record.createdAt.toISOString(),
    startedAt: record.startedAt?.toISOString() ?? null,
    endedAt: record.endedAt?.toISOString() ?? null,
    decision: record.decision,
  }
}
