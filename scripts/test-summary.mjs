// The closing line of `npm test` (`N passed, N failed[, N skipped]`), computed from Vitest's JSON
// report and its exit status. A test file that fails to load (its import throws, a top-level read
// fails) or whose hooks fail has status 'failed' and no failed assertion: numFailedTests leaves it
// out, so each such file counts as one failure here. The line never says `0 failed` when Vitest
// exited non-zero (an unhandled error, for one): that counts as one failure too.

/**
 * @param {{ numPassedTests?: number, numFailedTests?: number, numPendingTests?: number,
 *   numTodoTests?: number, numFailedTestSuites?: number,
 *   testResults?: { status?: string, assertionResults?: { status?: string }[] }[] }} report
 * @param {number | null} exitStatus Vitest's exit status (null when it was killed by a signal)
 * @returns {{ passed: number, failed: number, skipped: number, unloaded: number, line: string }}
 */
export function summarizeReport(report, exitStatus) {
  const passed = report.numPassedTests ?? 0
  const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0)
  const files = Array.isArray(report.testResults) ? report.testResults : undefined
  const unloaded =
    files === undefined
      ? (report.numFailedTestSuites ?? 0)
      : files.filter(
          (file) =>
            file.status === 'failed' &&
            !(file.assertionResults ?? []).some((assertion) => assertion.status === 'failed'),
        ).length
  let failed = (report.numFailedTests ?? 0) + unloaded
  if (failed === 0 && exitStatus !== 0) failed = 1
  const line = `${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`
  return { passed, failed, skipped, unloaded, line }
}
