import { describe, expect, it } from 'vitest'
import { summarizeReport } from '../scripts/test-summary.mjs'

// The shape Vitest 4's JSON reporter writes when one file cannot load (its top-level readdir
// throws): the file has status 'failed', a message and no assertions; numFailedTests stays 0.
const oneFileFailedToLoad = {
  numTotalTestSuites: 3,
  numPassedTestSuites: 2,
  numFailedTestSuites: 1,
  numPassedTests: 11,
  numFailedTests: 0,
  numPendingTests: 0,
  numTodoTests: 0,
  success: false,
  testResults: [
    {
      assertionResults: [],
      status: 'failed',
      message: "ENOENT: no such file or directory, scandir '/tmp/x/shared/corpus/'",
      name: '/tmp/x/repo/test/corpus.test.ts',
    },
    {
      assertionResults: Array.from({ length: 11 }, () => ({ status: 'passed' })),
      status: 'passed',
      message: '',
      name: '/tmp/x/repo/packages/experiments/src/srm.test.ts',
    },
  ],
}

describe('summarizeReport', () => {
  it('counts a file that failed to load as a failure', () => {
    const summary = summarizeReport(oneFileFailedToLoad, 1)
    expect(summary).toMatchObject({ passed: 11, failed: 1, unloaded: 1 })
    expect(summary.line).toBe('11 passed, 1 failed')
  })

  it('does not count a file twice when its failure is a failed assertion', () => {
    const report = {
      numPassedTests: 1,
      numFailedTests: 2,
      numPendingTests: 1,
      numTodoTests: 1,
      testResults: [
        {
          status: 'failed',
          assertionResults: [{ status: 'failed' }, { status: 'failed' }, { status: 'passed' }],
        },
      ],
    }
    expect(summarizeReport(report, 1).line).toBe('1 passed, 2 failed, 2 skipped')
  })

  it('falls back on numFailedTestSuites when the report has no per-file results', () => {
    expect(summarizeReport({ numPassedTests: 3, numFailedTestSuites: 2 }, 1).line).toBe(
      '3 passed, 2 failed',
    )
  })

  it('never says 0 failed when Vitest exited non-zero', () => {
    const clean = { numPassedTests: 5, numFailedTests: 0, testResults: [{ status: 'passed' }] }
    expect(summarizeReport(clean, 1).failed).toBe(1)
    expect(summarizeReport(clean, null).failed).toBe(1)
    expect(summarizeReport(clean, 0).line).toBe('5 passed, 0 failed')
  })
})
