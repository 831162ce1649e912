/**
 * How runtime builders report: `step` when a long step starts (building an environment), `output`
 * for a line the tool (pip, npm) prints, `warning` for something the user should act on (an index
 * that cannot be reached). A callback that ignores the kind sees plain lines.
 */
export type ProgressKind = 'step' | 'output' | 'warning'

/** The callback runtime builders report through: a line and what it is (default `output`). */
export type ToolProgress = (line: string, kind?: ProgressKind) => void

// pip (urllib3) prints this before each retry of a request that failed to connect or timed out.
const pipRetry = /^WARNING: Retrying \(Retry\(total=\d+/

/**
 * Passes a tool's output lines on, and turns pip's first "Retrying" line into a warning that says
 * what is going on and how to install without environments, since pip may retry for minutes.
 */
export function withPipRetryWarning(onProgress: ToolProgress): (line: string) => void {
  let warned = false
  return (line) => {
    onProgress(line, 'output')
    if (warned || !pipRetry.test(line)) return
    warned = true
    onProgress(
      'pip cannot reach the package index and is retrying (check PIP_INDEX_URL, proxies, ' +
        'pip config list); `skillship install --skip-runtimes` installs without environments',
      'warning',
    )
  }
}
