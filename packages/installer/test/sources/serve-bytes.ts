import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'

/** A loopback HTTP server answering fixed bytes by path (404 for anything else). */
export interface BytesServer {
  readonly url: string
  /** Paths requested so far, in order. */
  readonly requests: readonly string[]
  close(): Promise<void>
}

export async function serveBytes(
  routes: Readonly<Record<string, Uint8Array>>,
): Promise<BytesServer> {
  const requests: string[] = []
  const server = createServer((request, response) => {
    const path = request.url ?? '/'
    requests.push(path)
    const body = routes[path]
    response.writeHead(body === undefined ? 404 : 200, {
      'content-type': 'application/octet-stream',
    })
    response.end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((resolve, reject) =>
        server.close((error) => (error === undefined ? resolve() : reject(error))),
      ),
  }
}
