import type { ChildProcess } from 'node:child_process'

/** A started server process: its URL and everything it printed so far. */
export interface Listening {
  readonly url: string
  output(): string
}

/**
 * Waits (bounded) for a `skillship server` child to print `listening on <url>`; rejects with its
 * output when it exits first or takes longer than `timeoutMs`.
 */
export function waitForListening(child: ChildProcess, timeoutMs = 30_000): Promise<Listening> {
  let output = ''
  return new Promise<Listening>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no 'listening on' line: ${output}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      output += chunk.toString()
      const match = /listening on (http:\/\/\S+)/.exec(output)
      if (match?.[1]) {
        clearTimeout(timer)
        resolve({ url: match[1], output: () => output })
      }
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', onData)
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new Error(`exited with ${code}: ${output}`))
    })
  })
}
