/** Why a replica should get no traffic. */
export type NotReadyReason = 'shutting-down' | 'warming-up' | 'storage-unavailable'

/**
 * The process side of readiness (storage is checked apart): shutting down wins over warming up.
 * `warm` is optional so a bare `{ shuttingDown }` counts as warm.
 */
export function lifecycleNotReady(lifecycle: {
  readonly shuttingDown: boolean
  readonly warm?: boolean
}): NotReadyReason | undefined {
  if (lifecycle.shuttingDown) return 'shutting-down'
  if (lifecycle.warm === false) return 'warming-up'
  return undefined
}
