import type { InstallerOptions } from '../project/project.js'
import type { DoctorCheck } from './doctor-check.js'
import { doctorChecks } from './doctor-checks.js'
import {
  createDoctorContext,
  type DoctorContext,
  type DoctorContextOverrides,
} from './doctor-context.js'
import { errorFinding, skippedFinding } from './error-finding.js'
import type { DoctorReport, Finding } from './finding.js'

/** What `runDoctor` runs; tests pass their own checks or a fixed Node version. */
export interface DoctorRunOptions extends DoctorContextOverrides {
  readonly checks?: readonly DoctorCheck[]
}

/**
 * Diagnoses the project (or the user scope) of `options` without changing anything: runs every
 * check concurrently and reports their findings in check order. A check that throws becomes one
 * 'error' finding naming the check and the error's code and message (never dropped); a check that
 * needed a shared read another check already reported as failed becomes a 'not checked' warning.
 * `ok` is false when any finding is an error.
 */
export async function runDoctor(
  options: InstallerOptions,
  run: DoctorRunOptions = {},
): Promise<DoctorReport> {
  const context = createDoctorContext(options, run)
  const perCheck = await Promise.all(
    (run.checks ?? doctorChecks).map((check) => runCheck(check, context)),
  )
  const findings = perCheck.flat()
  return { findings, ok: !findings.some((found) => found.status === 'error') }
}

async function runCheck(check: DoctorCheck, context: DoctorContext): Promise<Finding[]> {
  try {
    return await check.run(context)
  } catch (error) {
    if (context.isInputFailure(error)) return [skippedFinding(check.name, error)]
    return [errorFinding(check.name, error, 'the check failed: ')]
  }
}

export type { DoctorReport, Finding, FindingStatus } from './finding.js'
