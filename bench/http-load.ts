import { Agent, request } from 'node:http'
import { processCpuMs } from './process-cpu.js'

const agent = new Agent({ keepAlive: true, maxSockets: 64 })

/** GETs `url` over a keep-alive connection and reads the whole body; throws on a non-2xx. */
export function get(url: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(url, { agent }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('end', () => {
        const status = response.statusCode ?? 0
        if (status < 200 || status > 299) reject(new Error(`${url}: ${status}`))
        else resolve(Buffer.concat(chunks))
      })
    })
      .on('error', reject)
      .end()
  })
}

/** Runs `work` over `items`, `concurrency` at a time. */
export async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next] as T
      next += 1
      await work(item)
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker))
}

/**
 * CPU milliseconds the server process `pid` spends per request over `requests` GETs of
 * `base + path(i)`, `concurrency` at a time, after a warm-up of a third as many.
 */
export async function cpuPerRequest(
  pid: number,
  base: string,
  path: (i: number) => string,
  options: { readonly requests: number; readonly concurrency: number },
): Promise<number> {
  const indexes = Array.from({ length: options.requests }, (_, i) => i)
  const warm = indexes.slice(0, Math.ceil(options.requests / 3))
  await inBatches(warm, options.concurrency, (i) => get(`${base}${path(i)}`))
  const before = processCpuMs(pid)
  await inBatches(indexes, options.concurrency, (i) => get(`${base}${path(i)}`))
  return (processCpuMs(pid) - before) / options.requests
}
