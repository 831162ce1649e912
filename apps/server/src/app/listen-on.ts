import type { Server } from 'node:http'
import { SkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'

// What a user can fix by choosing another address; any other listen error is a bug and stays raw.
const addressProblems: Readonly<Record<string, string>> = {
  EADDRINUSE: 'is already in use',
  EACCES: 'needs privileges this process does not have',
  EADDRNOTAVAIL: 'is not an address of this machine',
}

/**
 * Listens on `host:port`. A taken, privileged or foreign address rejects with SERVE_LISTEN_FAILED
 * naming the address and the way out, instead of Node's bare `listen EADDRINUSE` (which the CLI
 * printed as an internal error with a stack trace).
 */
export function listenOn(server: Server, port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const problem = addressProblems[error.code ?? '']
      if (problem === undefined) return reject(error)
      const address = `${host.includes(':') ? `[${host}]` : host}:${port}`
      reject(
        new SkillshipError(
          ServeErrorCode.ListenFailed,
          `Cannot listen on ${address}: it ${problem}`,
          {
            hint: 'Stop what listens there, or pick another port with --port or SKILLSHIP_PORT (0 picks a free one).',
            cause: error,
          },
        ),
      )
    })
    server.listen(port, host, () => resolve())
  })
}
