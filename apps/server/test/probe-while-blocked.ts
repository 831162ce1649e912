import { spawnSync } from 'node:child_process'

/**
 * GETs each path from a child process while this thread is blocked in spawnSync: its event loop
 * runs nothing until the child exits, as a wedged main thread would. Returns status and code.
 */
export function probeWhileBlocked(url: string, paths: readonly string[]): unknown[] {
  const script = `
    const answers = []
    for (const path of ${JSON.stringify(paths)}) {
      const r = await fetch(${JSON.stringify(url)} + path, { signal: AbortSignal.timeout(30000) })
      const body = await r.json()
      answers.push({ status: r.status, code: body.error?.code, reason: body.error?.details?.reason })
    }
    console.log(JSON.stringify(answers))`
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  if (child.status !== 0) throw new Error(`probe child failed: ${child.stderr}`)
  return JSON.parse(child.stdout) as unknown[]
}
