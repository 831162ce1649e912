import type { Logger } from 'pino'

/**
 * Whether to write this request's access line, and at which level: every request at debug (when
 * debug is on), a random `sample` share (0..1, SKILLSHIP_ACCESS_LOG_SAMPLE) at info, else none.
 * A pino line per request costs more CPU than the framework (+16 us on a 24 us request, measured
 * in the infra research), so info-level access logs are off by default and metrics count traffic.
 * Cheap when nothing is logged: one level check and, with a sample, one random number.
 */
export function accessLogLevel(
  logger: Logger,
  sample: number,
  random: () => number = Math.random,
): 'debug' | 'info' | undefined {
  if (logger.isLevelEnabled('debug')) return 'debug'
  if (sample > 0 && random() < sample && logger.isLevelEnabled('info')) return 'info'
  return undefined
}
