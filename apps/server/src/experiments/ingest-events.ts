import type { OutcomeEvent } from '@skillship/registry-client'
import type { ArmObservation, ExperimentRecord, ExperimentStore } from './experiment-store.js'

/** What `POST /v1/events` counted. */
export interface IngestResult {
  readonly accepted: number
  readonly duplicates: number
  readonly ignored: number
}

/** What ingestion looks up: experiments and stored arms. */
export interface IngestLookups {
  readonly store: Pick<ExperimentStore, 'getExperiment' | 'addObservations'>
  running(skill: string): Promise<ExperimentRecord | undefined>
  storedVariant(experiment: ExperimentRecord, user: string): Promise<string | undefined>
}

const memo = <T>(load: (key: string) => Promise<T>) => {
  const seen = new Map<string, Promise<T>>()
  return (key: string): Promise<T> => {
    let found = seen.get(key)
    if (found === undefined) {
      found = load(key)
      seen.set(key, found)
    }
    return found
  }
}

/**
 * Counts validated outcome events: each into the arm its user is stored in, in the event's
 * experiment (default: the skill's running one), when the experiment runs, belongs to the skill,
 * and the event's version, when it names one, is that arm's; anything else is ignored. The route has checked that the
 * caller's events scope covers every event's skill. Ids are scoped per experiment (`event:<key>:<id>`): storage counts each once, and a
 * repeat within the request is a duplicate too.
 */
export async function ingestEvents(
  lookups: IngestLookups,
  events: readonly OutcomeEvent[],
): Promise<IngestResult> {
  const experimentOf = memo(async (lookup: string) =>
    lookup.startsWith('skill:')
      ? await lookups.running(lookup.slice('skill:'.length))
      : await lookups.store.getExperiment(lookup),
  )
  const seen = new Set<string>()
  const observations: ArmObservation[] = []
  let ignored = 0
  let repeated = 0
  for (const event of events) {
    const arm = await armOf(
      lookups,
      await experimentOf(event.experiment ?? `skill:${event.skill}`),
      event,
    )
    if (arm === undefined) {
      ignored++
      continue
    }
    const id = `event:${arm.experiment}:${event.id}`
    if (seen.has(id)) {
      repeated++
      continue
    }
    seen.add(id)
    observations.push({ id, ...arm, metric: event.metric, value: event.value })
  }
  const counted =
    observations.length === 0
      ? { accepted: 0, duplicates: 0 }
      : await lookups.store.addObservations(observations)
  return { accepted: counted.accepted, duplicates: counted.duplicates + repeated, ignored }
}

async function armOf(
  lookups: IngestLookups,
  experiment: ExperimentRecord | undefined,
  event: OutcomeEvent,
): Promise<{ experiment: string; variant: string } | undefined> {
  if (experiment?.status !== 'running' || experiment.skill !== event.skill) return undefined
  const variant = await lookups.storedVariant(experiment, event.user)
  const version = experiment.variants.find((candidate) => candidate.key === variant)?.version
  if (variant === undefined) return undefined
  if (event.version !== undefined && version !== event.version) return undefined
  return { experiment: experiment.key, variant }
}
