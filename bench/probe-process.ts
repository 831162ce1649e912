import { spawn } from 'node:child_process'

/** The answers of one probed URL: latencies, and how many were not 200 (or failed). */
export interface Probes {
  readonly ms: number[]
  readonly failed: number
}

// The prober, in plain JavaScript for `node -e`: one keep-alive connection per URL, one request at
// a time every `every` ms, until stdin ends; then the results as one JSON line.
const script = `
const { Agent, request } = require('node:http')
const [every, ...urls] = JSON.parse(process.argv[1])
let done = false
process.stdin.on('end', () => { done = true }).resume()
const once = (agent, url) => new Promise((resolve) => {
  const started = performance.now()
  const req = request(url, { agent }, (res) => {
    res.resume()
    res.on('end', () => resolve({ status: res.statusCode, ms: performance.now() - started }))
  })
  req.on('error', () => resolve({ status: 0, ms: performance.now() - started }))
  req.end()
})
const probe = async (url) => {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 })
  const result = { ms: [], failed: 0 }
  while (!done) {
    const answer = await once(agent, url)
    result.ms.push(answer.ms)
    if (answer.status !== 200) result.failed++
    await new Promise((resolve) => setTimeout(resolve, every))
  }
  agent.destroy()
  return result
}
console.log('probing')
Promise.all(urls.map(probe)).then((results) => console.log(JSON.stringify(results)))
`

/**
 * Probes `urls` from a process of its own (so the probes' latencies do not include the event-loop
 * delay of the bench's own flood clients) until `stop` is called; `stop` resolves with each URL's
 * probes, in order.
 */
export async function startProbes(
  urls: readonly string[],
  everyMs: number,
): Promise<{ stop(): Promise<Probes[]> }> {
  const child = spawn(process.execPath, ['-e', script, JSON.stringify([everyMs, ...urls])], {
    stdio: ['pipe', 'pipe', 'inherit'],
  })
  let output = ''
  const ended = new Promise<void>((resolve, reject) => {
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`the prober exited with ${code}`)),
    )
  })
  await new Promise<void>((resolve) => {
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      if (output.startsWith('probing\n')) resolve()
    })
  })
  return {
    stop: async () => {
      child.stdin.end()
      await ended
      return JSON.parse(output.slice('probing\n'.length)) as Probes[]
    },
  }
}
