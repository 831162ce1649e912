import { Worker } from 'node:worker_threads'
import type { AuditReport } from '@skillship/audit'
import type { RulePack } from '@skillship/audit/node'
import { createConcurrencyLimit } from '../http/concurrency-limit.js'
import { workerScript } from '../threads/worker-script.js'
import type { AuditJob, AuditJobResult } from './audit-messages.js'
import type { SkillAuditor } from './skill-auditor.js'

/** Bounds of the pool: worker threads, and audits waiting for one (more are SERVE_BUSY). */
export interface AuditPoolOptions {
  readonly pack: RulePack
  readonly workers: number
  readonly queue: number
}

interface PoolWorker {
  readonly worker: Worker
  pending: { resolve(report: AuditReport): void; reject(error: Error): void } | undefined
  dead: boolean
}

/**
 * Audits on worker threads, so that a large upload never holds the event loop that answers
 * /livez and loads. The concurrency limit admits at most `workers` audits at once (so a free
 * worker always exists when one runs) and queues `queue` more; the next is refused at once with
 * SERVE_BUSY (503), as the other costly routes are. Workers start on first use and are replaced
 * when one dies; a job on a dying worker rejects. `close` terminates them.
 */
export function createAuditPool(options: AuditPoolOptions): SkillAuditor {
  const limit = createConcurrencyLimit({
    name: 'the audit of uploads',
    concurrency: options.workers,
    queue: options.queue,
  })
  const workers: PoolWorker[] = []
  let nextId = 0
  let closed = false
  const idle = (): PoolWorker => {
    const found = workers.find((w) => !w.dead && w.pending === undefined)
    if (found !== undefined) return found
    const started = startWorker(options.pack)
    workers.push(started)
    return started
  }
  return {
    pack: options.pack,
    audit: (skill, files) =>
      limit.run(() => {
        if (closed) return Promise.reject(new Error('the audit pool is closed'))
        const target = idle()
        const job: AuditJob = { id: nextId++, skill, files: [...files] }
        return new Promise<AuditReport>((resolve, reject) => {
          target.pending = { resolve, reject }
          target.worker.postMessage(job)
        })
      }),
    close: async () => {
      closed = true
      await Promise.all(workers.splice(0).map((w) => w.worker.terminate()))
    },
  }
}

function startWorker(pack: RulePack): PoolWorker {
  const { source, options } = workerScript(import.meta.url, 'audit-worker')
  const worker = new Worker(source, { ...options, workerData: { pack } })
  // An idle worker must not keep the process alive; a waiting request keeps the server's own.
  worker.unref()
  const state: PoolWorker = { worker, pending: undefined, dead: false }
  const settle = (outcome: (p: NonNullable<PoolWorker['pending']>) => void): void => {
    const pending = state.pending
    state.pending = undefined
    if (pending !== undefined) outcome(pending)
  }
  worker.on('message', (result: AuditJobResult) =>
    settle((p) => {
      if ('report' in result) p.resolve(result.report)
      else p.reject(Object.assign(new Error(result.error.message), { stack: result.error.stack }))
    }),
  )
  const die = (error: Error): void => {
    state.dead = true
    settle((p) => p.reject(error))
  }
  worker.on('error', die)
  worker.on('exit', (code) => die(new Error(`an audit worker exited with code ${code}`)))
  return state
}
