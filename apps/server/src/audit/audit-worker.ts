// The entry of an audit worker thread (audit-pool.ts): audits one skill per message with the rule
// pack it was started with, and answers with the report or the error's message and stack.
import { parentPort, workerData } from 'node:worker_threads'
import { type AuditFile, auditSkill } from '@skillship/audit'
import type { RulePack } from '@skillship/audit/node'
import type { AuditJob, AuditJobResult } from './audit-messages.js'

const { pack } = workerData as { pack: RulePack }
const port = parentPort
if (port === null) throw new Error('audit-worker.js runs only as a worker thread')

port.on('message', (job: AuditJob) => {
  let result: AuditJobResult
  try {
    const files: AuditFile[] = job.files
    result = { id: job.id, report: auditSkill(files, { skill: job.skill, pack }) }
  } catch (error) {
    const failure = error instanceof Error ? error : new Error(String(error))
    result = { id: job.id, error: { message: failure.message, stack: failure.stack ?? '' } }
  }
  port.postMessage(result)
})
