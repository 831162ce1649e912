import { Worker } from 'node:worker_threads'
import type { Logger } from 'pino'
import { workerScript } from '../threads/worker-script.js'
import { type HealthReporterOptions, startHealthReporter } from './health-reporter.js'
import { createHealthState, type HealthState, probeAnswers } from './health-state.js'

/** What the health worker is started with (health-worker.ts reads it as its workerData). */
export interface HealthWorkerData {
  readonly buffer: SharedArrayBuffer
  readonly host: string
  /** 0 picks a free port (tests). */
  readonly port: number
  /** `/livez` fails once the main thread's heartbeat is older than this (SKILLSHIP_HEALTH_STALE_MS). */
  readonly staleMs: number
}

/** What the health worker posts back, once: it listens, or it could not. */
export type HealthWorkerMessage =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'error'; readonly message: string; readonly code: string | undefined }

/** A running health listener. */
export interface HealthListener {
  readonly port: number
  readonly url: string
  /** How many times it answered each probe with each status (for `/metrics`). */
  answers(): readonly ProbeAnswerCount[]
  /** Ends the worker thread, and with it the listener and its connections. */
  close(): Promise<void>
}

/** One count of {@link HealthListener.answers}. */
export interface ProbeAnswerCount {
  readonly route: string
  readonly status: number
  readonly count: number
}

/** Options of {@link startHealthListener}. */
export interface HealthListenerOptions {
  readonly state: HealthState
  readonly host: string
  readonly port: number
  readonly staleMs: number
  readonly logger: Pick<Logger, 'error'>
}

/**
 * Starts the health listener (health-worker.ts) on a worker thread of this process and resolves
 * once it listens; rejects with the listen error (its `code`, e.g. EADDRINUSE) when it cannot.
 * The worker is unref'd: it never keeps the process alive, and it ends with the process.
 */
export async function startHealthListener(options: HealthListenerOptions): Promise<HealthListener> {
  const { source, options: workerOptions } = workerScript(import.meta.url, 'health-worker')
  const workerData: HealthWorkerData = {
    buffer: options.state.buffer,
    host: options.host,
    port: options.port,
    staleMs: options.staleMs,
  }
  const worker = new Worker(source, { ...workerOptions, workerData })
  try {
    const port = await listening(worker)
    worker.unref()
    // Probes then fail, and the orchestrator restarts the process: say why.
    worker.on('error', (error) =>
      options.logger.error({ err: error }, 'the health listener failed'),
    )
    const host = options.host.includes(':') ? `[${options.host}]` : options.host
    const { state } = options
    return {
      port,
      url: `http://${host}:${port}`,
      answers: () => {
        const counts = state.answerCounts()
        return probeAnswers.map(([route, status], i) => ({ route, status, count: counts[i] ?? 0 }))
      },
      close: async () => {
        await worker.terminate()
      },
    }
  } catch (error) {
    await worker.terminate()
    throw error
  }
}

function listening(worker: Worker): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    worker.once('message', (message: HealthWorkerMessage) => {
      if (message.kind === 'listening') resolve(message.port)
      else
        reject(
          Object.assign(new Error(`health listener: ${message.message}`), { code: message.code }),
        )
    })
    worker.once('error', reject)
    worker.once('exit', (code) => reject(new Error(`the health worker exited with code ${code}`)))
  })
}

/**
 * The server's health probes (SKILLSHIP_HEALTH_PORT): a fresh shared state, this thread's
 * reporter (heartbeat and readiness, health-reporter.ts) and the listener on its worker thread.
 * `close` stops both; the server calls it last but storage, so probes answer through the drain.
 */
export async function startHealthProbes(
  options: Omit<HealthListenerOptions, 'state'> & Omit<HealthReporterOptions, 'state'>,
): Promise<HealthListener> {
  const state = createHealthState()
  const reporter = startHealthReporter({ ...options, state })
  try {
    const listener = await startHealthListener({ ...options, state })
    return {
      ...listener,
      close: async () => {
        reporter.close()
        await listener.close()
      },
    }
  } catch (error) {
    reporter.close()
    throw error
  }
}
