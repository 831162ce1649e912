import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { isSkillshipError, type SkillshipError } from '@skillship/core/errors'
import { expect } from 'vitest'

// A scripted fake of the registry on a real port: each test answers requests its own way and
// reads back what the client sent.

/** One request as the fake registry saw it. */
export interface Seen {
  readonly method: string
  readonly path: string
  readonly query: Readonly<Record<string, string>>
  readonly headers: IncomingHttpHeaders
  readonly body: Buffer
}

export type Handler = (seen: Seen, response: ServerResponse) => void

/** A listening fake and everything it was sent. */
export interface FakeRegistry {
  readonly url: string
  readonly seen: Seen[]
}

/** Starts a fake registry; the caller closes it. */
export async function listen(handler: Handler): Promise<FakeRegistry & { close(): Promise<void> }> {
  const seen: Seen[] = []
  const server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://fake')
      const entry: Seen = {
        method: request.method ?? '',
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: request.headers,
        body: Buffer.concat(chunks),
      }
      seen.push(entry)
      handler(entry, response)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    })
  return { url: `http://127.0.0.1:${port}`, seen, close }
}

const closers: (() => Promise<void>)[] = []

/** Starts a fake registry that `closeFakeRegistries` (call it in afterEach) closes. */
export async function fakeRegistry(handler: Handler): Promise<FakeRegistry> {
  const registry = await listen(handler)
  closers.push(registry.close)
  return registry
}

export async function closeFakeRegistries(): Promise<void> {
  await Promise.all(closers.splice(0).map((close) => close()))
}

export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers })
  response.end(JSON.stringify(body))
}

export function sendText(
  response: ServerResponse,
  status: number,
  type: string,
  text: string,
): void {
  response.writeHead(status, { 'content-type': type })
  response.end(text)
}

/** Bytes an endless body stops at even when a broken client keeps reading: it cannot exhaust the test machine. */
export const endlessSafetyStop = 256 * 1024 * 1024

/** How an endless answer frames its body: until the connection closes, chunked, or a length. */
export type EndlessFraming =
  | { readonly kind: 'close' }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'length'; readonly contentLength: number }

/**
 * Answers 200 with a body that never ends as far as a bounded client can tell, written on the raw
 * socket so the framing (and a lying Content-Length) reaches the client exactly as given: 64 KiB
 * chunks as fast as the client reads them (backpressure honoured). Stops at `endlessSafetyStop`
 * by cutting the connection.
 */
export function streamEndlessly(
  response: ServerResponse,
  type: string,
  framing: EndlessFraming,
): void {
  const socket = response.socket
  if (socket === null) return
  const head = [`HTTP/1.1 200 OK`, `content-type: ${type}`, 'connection: close']
  if (framing.kind === 'chunked') head.push('transfer-encoding: chunked')
  if (framing.kind === 'length') head.push(`content-length: ${framing.contentLength}`)
  socket.write(`${head.join('\r\n')}\r\n\r\n`)
  const data = Buffer.alloc(64 * 1024, 0x7b)
  const chunk =
    framing.kind === 'chunked'
      ? Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`), data, Buffer.from('\r\n')])
      : data
  let sent = 0
  const pump = (): void => {
    while (!socket.destroyed && sent < endlessSafetyStop) {
      sent += data.length
      if (!socket.write(chunk)) {
        socket.once('drain', pump)
        return
      }
    }
    socket.destroy()
  }
  socket.on('error', () => socket.destroy())
  pump()
}

/** The coded error `promise` rejects with; fails the test when it resolves or throws another error. */
export async function failure(promise: Promise<unknown>): Promise<SkillshipError> {
  try {
    await promise
  } catch (error) {
    if (isSkillshipError(error)) return error
    throw error
  }
  return expect.fail('expected the call to fail')
}
