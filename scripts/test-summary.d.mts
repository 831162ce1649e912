/** The parts of Vitest's JSON report the summary reads. */
export interface VitestReport {
  numPassedTests?: number
  numFailedTests?: number
  numPendingTests?: number
  numTodoTests?: number
  numFailedTestSuites?: number
  testResults?: { status?: string; assertionResults?: { status?: string }[] }[]
}

export interface TestSummary {
  passed: number
  failed: number
  skipped: number
  /** Test files that failed without a failed assertion (did not load, or a hook failed). */
  unloaded: number
  line: string
}

export function summarizeReport(report: VitestReport, exitStatus: number | null): TestSummary
