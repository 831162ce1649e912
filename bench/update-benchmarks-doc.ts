import { readFile, writeFile } from 'node:fs/promises'

const doc = new URL('../docs/benchmarks.md', import.meta.url)

/**
 * Replaces the section between `<!-- bench:ID -->` and `<!-- /bench:ID -->` in
 * docs/benchmarks.md with `markdown`, so each benchmark script keeps its own results current.
 */
export async function updateBenchmarksDoc(id: string, markdown: string): Promise<void> {
  const text = await readFile(doc, 'utf8')
  const start = `<!-- bench:${id} -->`
  const end = `<!-- /bench:${id} -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from)
    throw new Error(`docs/benchmarks.md has no ${start} ... ${end} section`)
  await writeFile(
    doc,
    `${text.slice(0, from + start.length)}\n${markdown.trim()}\n${text.slice(to)}`,
  )
}

/** Facts about the machine a result was measured on. */
export async function machineLine(): Promise<string> {
  const { cpus, totalmem } = await import('node:os')
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  return `Node ${process.version}, ${cpus().length} × ${cpu}, ${Math.round(totalmem() / 2 ** 30)} GiB, ${new Date().toISOString().slice(0, 10)}`
}
