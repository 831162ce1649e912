import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}

/** CPU time (user + system) in milliseconds spent by this process while `work` runs. */
export async function cpuMs(work: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage()
  await work()
  const used = process.cpuUsage(start)
  return (used.user + used.system) / 1000
}

/** Runs `work` `rounds` times after one warm-up and returns the CPU ms of each round. */
export async function cpuRounds(rounds: number, work: () => Promise<void>): Promise<number[]> {
  await work()
  const results: number[] = []
  for (let i = 0; i < rounds; i += 1) results.push(await cpuMs(work))
  return results
}

/**
 * The public skills corpus (`../shared/corpus/anthropics-skills/<sub>`) beside the repository, or
 * one folder further up from a worktree; undefined when absent (benches then skip its rows).
 */
export function publicCorpusPath(sub = ''): string | undefined {
  return [
    new URL(`../../shared/corpus/anthropics-skills/${sub}`, import.meta.url),
    new URL(`../../../shared/corpus/anthropics-skills/${sub}`, import.meta.url),
  ]
    .map((u) => fileURLToPath(u))
    .find((p) => existsSync(p))
}
