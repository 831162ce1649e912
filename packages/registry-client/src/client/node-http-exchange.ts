import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import type { Agent as HttpsAgent } from 'node:https'
import { BodyCollector, checkDeclaredLength } from './answer-limits.js'
import type { AnswerHeaders, ExchangeAnswer, HttpExchange } from './http-exchange.js'

/**
 * The default exchange, on node:http and node:https. Connections are kept alive across the
 * requests of one client (an install downloads many tarballs) and never hold the process open
 * when idle. Redirects are answers like any other (node:http follows none): the transport's
 * `request-policy.ts` decides, for this exchange and the fetch one alike. The body is counted as
 * it streams in and the connection destroyed as soon as it passes the cap.
 *
 * Why not a maintained HTTP client: loading one costs more than a warm install's whole registry
 * traffic. `node bench/http-client-load.mjs` (fresh process, median CPU of 15, over Node's own
 * start, two runs on the shared 2-core machine): node:http +6 to +16 ms, undici's request API
 * (npm 7.x) +220 to +310 ms, the global fetch's first use (Node 20 loads its bundled undici)
 * +67 to +85 ms, got 14 +230 ms, ky 1 with fetch +115 to +145 ms; got 16 and ky 2 need Node 22.
 * So the policy (redirects, retries, caps: about 150 lines, tested on loopback servers) is kept
 * here instead; undici is loaded only behind a proxy, where the CLI passes its fetch.
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
        outgoing.destroy()
        reject(error)
      }
      outgoing.on('error', fail)
      outgoing.on('response', (incoming) => {
        const headers = answerHeaders(incoming)
        try {
          checkDeclaredLength(url, headers, request.maxBodyBytes)
        } catch (error) {
          fail(error as Error)
          return
        }
        const collector = new BodyCollector(url, request.maxBodyBytes)
        incoming.on('error', fail)
        incoming.on('data', (chunk: Buffer) => {
          try {
            collector.add(chunk)
          } catch (error) {
            fail(error as Error)
          }
        })
        // A connection closed before the whole body arrived is a failed exchange, like a reset.
        incoming.on('close', () => {
          if (!incoming.complete) fail(cutOff())
        })
        incoming.on('end', () => {
          clearTimeout(timer)
          const status = incoming.statusCode ?? 0
          resolve({ status, headers, body: collector.bytes() })
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

function cutOff(): Error {
  return Object.assign(new Error('The connection closed before the whole answer arrived'), {
    code: 'ECONNRESET',
  })
}
