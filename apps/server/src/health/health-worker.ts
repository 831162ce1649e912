// The health listener's worker thread (started by health-listener.ts): an HTTP server of its own,
// on its own event loop, answering /livez and /readyz from the state the main thread shares
// (health-state.ts). Nothing here waits for the main thread, so a flooded or wedged main event
// loop never delays these answers; a wedged one shows as a stale heartbeat.
import { createServer, type IncomingMessage } from 'node:http'
import { parentPort, workerData } from 'node:worker_threads'
import { healthAnswer } from './health-answers.js'
import type { HealthWorkerData, HealthWorkerMessage } from './health-listener.js'
import { attachHealthState, monotonicMs } from './health-state.js'

const port = parentPort
if (port === null) throw new Error('health-worker.js runs only as a worker thread')
const data = workerData as HealthWorkerData
const state = attachHealthState(data.buffer)

// Bounds: probes are tiny and quick. Larger headers get Node's own 431; a slow client is cut
// after the timeouts (checked every second); at most `maxConnections` sockets at once.
const server = createServer(
  { maxHeaderSize: 4096, connectionsCheckingInterval: 1000 },
  (req, res) => {
    const answer = healthAnswer(
      { method: req.method, url: req.url, hasBody: hasBody(req) },
      state.read(),
      data.staleMs,
      monotonicMs(),
    )
    const body = JSON.stringify(answer.body)
    res.writeHead(answer.status, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
      'cache-control': 'no-store',
      // An unread body would be taken for the next request: such a connection ends here.
      ...(answer.status === 413 ? { connection: 'close' } : {}),
    })
    res.end(req.method === 'HEAD' ? undefined : body)
  },
)
server.headersTimeout = 2000
server.requestTimeout = 5000
server.keepAliveTimeout = 5000
server.maxConnections = 64

function hasBody(req: IncomingMessage): boolean {
  const length = req.headers['content-length']
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0')
}

const post = (message: HealthWorkerMessage): void => port.postMessage(message)
server.once('error', (error: NodeJS.ErrnoException) =>
  post({ kind: 'error', message: error.message, code: error.code }),
)
server.listen(data.port, data.host, () => {
  const address = server.address()
  post({
    kind: 'listening',
    port: typeof address === 'object' && address ? address.port : data.port,
  })
})
