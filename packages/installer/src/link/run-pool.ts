/**
 * Calls `task(index)` for every index below `count`, at most `concurrency` at a time, and resolves
 * once all have settled successfully; the first rejection rejects the pool (remaining tasks still
 * started are awaited by nobody, so tasks must be safe to abandon).
 */
export async function runPool(
  count: number,
  concurrency: number,
  task: (index: number) => Promise<void>,
): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    for (let index = next++; index < count; index = next++) await task(index)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
}
