import { isSkillshipError } from '@skillship/core/errors'
import { compareText } from '@skillship/core/plain-data'
import { RuntimeErrorCode } from '../errors/runtime-error-codes.js'
import type { RuntimeState, SkillRuntimeRecord } from '../install/prepare-runtimes.js'
import type { Lockfile } from '../lockfile/lockfile-schema.js'
import { checkNodeEnv } from '../runtimes/node/check-node-env.js'
import { checkPythonEnv } from '../runtimes/python/python-env.js'
import type { DoctorCheck } from './doctor-check.js'
import { skippedFinding } from './error-finding.js'
import { countOf, type Finding, finding } from './finding.js'

const name = 'envs'
const fix = 'skillship install'

// What the env checks say about an environment rather than about the doctor.
const envCodes = new Set<string>([RuntimeErrorCode.EnvMissing, RuntimeErrorCode.EnvCorrupt])

/**
 * Every environment in runtimes.json checked on disk without running anything (checkPythonEnv,
 * checkNodeEnv): missing or damaged is an error. A locked skill whose runtime needs have no
 * recorded environment, or whose environment was made for another integrity, is a warning: its
 * scripts would not run as locked until `skillship install` builds it.
 */
export const envsCheck: DoctorCheck = {
  name,
  async run(context) {
    const state = await context.runtimeState()
    const findings: Finding[] = []
    for (const [skill, record] of Object.entries(state.skills).sort(byKey)) {
      findings.push(...(await recordFindings(skill, record)))
    }
    let lockfile: Lockfile | undefined
    try {
      lockfile = await context.lockfile()
    } catch (error) {
      // The recorded environments are checked all the same; only the comparison is skipped.
      if (!context.isInputFailure(error)) throw error
      return [...findings, skippedFinding(name, error)]
    }
    findings.push(...lockedWithoutEnv(lockfile, state))
    if (findings.length === 0) findings.push(finding(name, 'ok', 'no skill needs an environment'))
    return findings
  },
}

// Locked skills whose runtime needs have no recorded environment, or one made for another version.
function lockedWithoutEnv(lockfile: Lockfile | undefined, state: RuntimeState): Finding[] {
  const findings: Finding[] = []
  for (const [skill, locked] of Object.entries(lockfile?.skills ?? {}).sort(byKey)) {
    const record = state.skills[skill]
    for (const runtime of ['python', 'node'] as const) {
      if (locked.runtime?.[runtime] === undefined || record?.[runtime] !== undefined) continue
      const message = `skill ${skill}: env missing (its ${label(runtime)} dependencies are not installed here)`
      findings.push(finding(name, 'warn', message, { fix }))
    }
    if (record !== undefined && record.integrity !== locked.integrity) {
      const message = `skill ${skill}: its environments were made for another version than the locked ${locked.version}`
      findings.push(finding(name, 'warn', message, { fix }))
    }
  }
  return findings
}

async function recordFindings(skill: string, record: SkillRuntimeRecord): Promise<Finding[]> {
  const findings: Finding[] = []
  if (record.python !== undefined) {
    const { path } = record.python
    findings.push(
      await judged(skill, path, async () => {
        const marker = await checkPythonEnv(path)
        return `Python env ${marker.key} (Python ${marker.interpreter.version}, ${countOf(marker.packages.length, 'package')})`
      }),
    )
  }
  if (record.node !== undefined) {
    const { path } = record.node
    findings.push(
      await judged(skill, path, async () => {
        const env = await checkNodeEnv(path)
        return `Node env ${env.key} (${countOf(env.packages.length, 'package')})`
      }),
    )
  }
  return findings
}

async function judged(skill: string, path: string, check: () => Promise<string>): Promise<Finding> {
  try {
    return finding(name, 'ok', `skill ${skill}: ${await check()}`, { path })
  } catch (error) {
    if (!isSkillshipError(error) || !envCodes.has(error.code)) throw error
    return finding(name, 'error', `skill ${skill}: ${error.code}: ${error.message}`, {
      fix,
      path,
      code: error.code,
    })
  }
}

function label(runtime: 'python' | 'node'): string {
  return runtime === 'python' ? 'Python' : 'Node'
}

function byKey<T>([a]: [string, T], [b]: [string, T]): number {
  return compareText(a, b)
}
