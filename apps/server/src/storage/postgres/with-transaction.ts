import type { Pool, PoolClient } from 'pg'

/**
 * Runs `work` on one pooled connection between BEGIN and COMMIT and returns its result. When
 * `work` throws, the transaction rolls back and the error propagates. `work` may end the
 * transaction early without an error by calling `abort()` (a ROLLBACK); nothing is committed then.
 */
export async function withTransaction<T>(
  pool: Pool,
  work: (client: PoolClient, abort: () => Promise<void>) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let open = false
  const abort = async (): Promise<void> => {
    open = false
    await client.query('ROLLBACK')
  }
  try {
    await client.query('BEGIN')
    open = true
    const result = await work(client, abort)
    if (open) await client.query('COMMIT')
    open = false
    client.release()
    return result
  } catch (error) {
    await releaseAfterFailure(client, open)
    throw error
  }
}

// A connection that failed outside an open transaction (BEGIN, ROLLBACK or COMMIT itself) or
// whose ROLLBACK fails is in an unknown state: destroy it rather than hand it to the next caller.
async function releaseAfterFailure(client: PoolClient, open: boolean): Promise<void> {
  if (!open) {
    client.release(true)
    return
  }
  try {
    await client.query('ROLLBACK')
    client.release()
  } catch (rollbackError) {
    client.release(rollbackError instanceof Error ? rollbackError : true)
  }
}
