import { type DestinationStream, type Logger, pino } from 'pino'
import type { LogLevel } from '../config/server-config.js'

/**
 * The server's structured JSON logger. Secrets never reach it by construction (tokens are only
 * hashed, headers are not logged); the redaction list is a second line of defence.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'skillship-server' },
    redact: {
      paths: [
        'token',
        '*.token',
        'authorization',
        '*.authorization',
        'headers.authorization',
        'req.headers.authorization',
      ],
      censor: '[redacted]',
    },
  }
  return destination === undefined ? pino(options) : pino(options, destination)
}
