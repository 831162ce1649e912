import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import type { AnswerHeaders, ExchangeAnswer, HttpExchange } from './http-exchange.js'

/**
 * The default exchange, on node:http and node:https. Node 20's global fetch loads undici on first
 * use (about 15 ms, more than a whole warm install's registry traffic), so the CLI talks plain
 * HTTP unless a proxy needs fetch's dispatcher. Connections are kept alive across the requests of
 * one client (an install downloads many tarballs) and never hold the process open when idle.
 */
export function nodeHttpExchange(): HttpExchange {
  const agents: { http?: HttpAgent; https?: Promise<HttpsAgent> } = {}
  const agentFor = async (url: URL): Promise<HttpAgent> => {
    if (url.protocol === 'http:') {
      agents.http ??= new HttpAgent({ keepAlive: true })
      return agents.http
    }
    // TLS is loaded only for https registries.
    agents.https ??= import('node:https').then(({ Agent }) => new Agent({ keepAlive: true }))
    return agents.https
  }
  return async (url, request) => {
    const agent = await agentFor(url)
    const send = url.protocol === 'http:' ? httpRequest : (await import('node:https')).request
    return new Promise<ExchangeAnswer>((resolve, reject) => {
      const outgoing = send(url, { method: request.method, headers: request.headers, agent })
      const timer = setTimeout(() => {
        outgoing.destroy(new DOMException('The registry did not answer in time', 'TimeoutError'))
      }, request.timeoutMs)
      const fail = (error: Error) => {
        clearTimeout(timer)
        reject(error)
      }
      outgoing.on('error', fail)
      outgoing.on('response', (incoming) => {
        const chunks: Buffer[] = []
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk))
        incoming.on('error', fail)
        // A connection closed before the whole body arrived is a failed exchange, like a reset.
        incoming.on('close', () => {
          if (!incoming.complete) fail(cutOff())
        })
        incoming.on('end', () => {
          clearTimeout(timer)
          const status = incoming.statusCode ?? 0
          resolve({ status, headers: answerHeaders(incoming), body: joined(chunks) })
        })
      })
      outgoing.end(request.body)
    })
  }
}

function answerHeaders(incoming: IncomingMessage): AnswerHeaders {
  return {
    get(name) {
      const value = incoming.headers[name.toLowerCase()]
      if (value === undefined) return null
      return Array.isArray(value) ? value.join(', ') : value
    },
  }
}

// One fresh array: Buffer.concat may hand out a slice of Node's shared pool.
function joined(chunks: readonly Buffer[]): Uint8Array {
  const body = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.length, 0))
  let offset = 0
  for (const chunk of chunks) {
    body.set(chunk, offset)
    offset += chunk.length
  }
  return body
}

function cutOff(): Error {
  return Object.assign(new Error('The connection closed before the whole answer arrived'), {
    code: 'ECONNRESET',
  })
}
