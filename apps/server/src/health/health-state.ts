import type { NotReadyReason } from '../lifecycle/lifecycle-not-ready.js'

// The state the main thread shares with the health listener's worker thread, in one
// SharedArrayBuffer: [0..8) the main thread's last heartbeat (monotonic milliseconds, BigInt64),
// [8..12) its readiness (Int32: 0 ready, else the index of the NotReadyReason + 1), written with
// Atomics by the main thread only and read by the worker; [16..48) the worker's answer counts
// (BigInt64, see probeAnswers), written by the worker only and read by the main thread's metrics.
// No message crosses the main event loop, so the worker answers however busy or wedged it is.

const byteLength = 48
/** The answers the health listener counts (for the readiness alert, docs/metrics.md). */
export const probeAnswers = [
  ['/livez', 200],
  ['/livez', 503],
  ['/readyz', 200],
  ['/readyz', 503],
] as const
const reasons: readonly NotReadyReason[] = ['warming-up', 'shutting-down', 'storage-unavailable']

/**
 * Milliseconds on the process-wide monotonic clock (`process.hrtime`, the same in every thread of
 * the process, unlike `performance.now()`, whose origin is per thread; and never stepped by NTP).
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint() / 1_000_000n)
}

/** What the worker reads: when the main thread last beat, and why it is not ready, if it is not. */
export interface HealthSnapshot {
  readonly heartbeatMs: number
  readonly notReady: NotReadyReason | undefined
}

/** A view of the shared health state; the main thread writes, the worker only reads. */
export interface HealthState {
  readonly buffer: SharedArrayBuffer
  /** Records a heartbeat at `atMs` (default now, on {@link monotonicMs}'s clock). */
  beat(atMs?: number): void
  /** Publishes the main thread's readiness (undefined: ready). */
  publishReadiness(notReady: NotReadyReason | undefined): void
  read(): HealthSnapshot
  /** Counts one answer of the health listener (others than {@link probeAnswers} are not counted). */
  countAnswer(route: string, status: number): void
  /** How many of each of {@link probeAnswers} the health listener gave, in that order. */
  answerCounts(): number[]
}

/** A fresh shared state: beaten now, not ready ('warming-up') until readiness is published. */
export function createHealthState(): HealthState {
  const state = attachHealthState(new SharedArrayBuffer(byteLength))
  state.beat()
  state.publishReadiness('warming-up')
  return state
}

/** A view of a buffer made by {@link createHealthState} (in the worker: from its workerData). */
export function attachHealthState(buffer: SharedArrayBuffer): HealthState {
  if (buffer.byteLength !== byteLength) {
    throw new RangeError(`health state: expected ${byteLength} bytes, got ${buffer.byteLength}`)
  }
  const heartbeat = new BigInt64Array(buffer, 0, 1)
  const readiness = new Int32Array(buffer, 8, 1)
  const answers = new BigInt64Array(buffer, 16, probeAnswers.length)
  return {
    buffer,
    beat: (atMs = monotonicMs()) => {
      Atomics.store(heartbeat, 0, BigInt(Math.trunc(atMs)))
    },
    publishReadiness: (notReady) => {
      Atomics.store(readiness, 0, notReady === undefined ? 0 : reasons.indexOf(notReady) + 1)
    },
    read: () => ({
      heartbeatMs: Number(Atomics.load(heartbeat, 0)),
      // An unknown value (never written by this module) counts as not ready, never as ready.
      notReady: decodeReadiness(Atomics.load(readiness, 0)),
    }),
    countAnswer: (route, status) => {
      const index = probeAnswers.findIndex(([r, s]) => r === route && s === status)
      if (index >= 0) Atomics.add(answers, index, 1n)
    },
    answerCounts: () => probeAnswers.map((_, i) => Number(Atomics.load(answers, i))),
  }
}

function decodeReadiness(value: number): NotReadyReason | undefined {
  if (value === 0) return undefined
  return reasons[value - 1] ?? 'warming-up'
}
