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
  // pg-pool listens for a client's 'error' only while it is idle: a connection terminated while
  // checked out (failover, pg_terminate_backend) would emit an unhandled 'error' and end the
  // process. The failure itself reaches `work` as the rejection of its current or next query;
  // here it only marks the connection broken, so that it is destroyed instead of pooled again.
  let broken: Error | undefined
  const onError = (error: Error): void => {
    broken = error
  }
  client.on('error', onError)
  const release = (error?: Error | boolean): void => {
    client.removeListener('error', onError)
    client.release(error || broken)
  }
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
    release()
    return result
  } catch (error) {
    await releaseAfterFailure(client, open, release)
    throw error
  }
}

// A connection that failed outside an open transaction (BEGIN, ROLLBACK or COMMIT itself) or
// whose ROLLBACK fails is in an unknown state: destroy it rather than hand it to the next caller.
async function releaseAfterFailure(
  client: PoolClient,
  open: boolean,
  release: (error?: Error | boolean) => void,
): Promise<void> {
  if (!open) {
    release(true)
    return
  }
  try {
    await client.query('ROLLBACK')
    release()
  } catch (rollbackError) {
    release(rollbackError instanceof Error ? rollbackError : true)
  }
}
