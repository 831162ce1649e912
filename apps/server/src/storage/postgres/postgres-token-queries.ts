import type { PoolClient } from 'pg'
import type { NewActivity } from '../../activity/activity-store.js'
import type { MetadataStore } from '../metadata-store.js'
import { activityValues, insertActivitySql } from './postgres-activity-store.js'
import type { PostgresContext } from './postgres-context.js'
import { type TokenRow, toTokenRecord } from './postgres-rows.js'
import { withTransaction } from './with-transaction.js'

type TokenQueries = Pick<
  MetadataStore,
  'createToken' | 'findTokenByHash' | 'listTokens' | 'deleteToken'
>

/** The token methods of the PostgreSQL metadata store; writes with their activity entry in one transaction. */
export function createPostgresTokenQueries(context: PostgresContext): TokenQueries {
  const { query } = context
  const transaction = <T>(work: (client: PoolClient) => Promise<T>): Promise<T> =>
    context.guard(() => withTransaction(context.pool, work))
  const logged = async (client: PoolClient, activity: NewActivity | undefined) => {
    if (activity !== undefined) await client.query(insertActivitySql, activityValues(activity))
  }
  return {
    createToken: (token, activity) =>
      transaction(async (client) => {
        await client.query(
          'INSERT INTO tokens (id, name, hash, scopes, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)',
          [token.id, token.name, token.hash, JSON.stringify(token.scopes), token.createdAt],
        )
        await logged(client, activity)
      }),
    async findTokenByHash(hash) {
      const { rows } = await query<TokenRow>('SELECT * FROM tokens WHERE hash = $1', [hash])
      return rows[0] === undefined ? undefined : toTokenRecord(rows[0])
    },
    async listTokens() {
      const { rows } = await query<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')
      return rows.map(toTokenRecord)
    },
    deleteToken: (id, activity) =>
      transaction(async (client) => {
        const { rowCount } = await client.query('DELETE FROM tokens WHERE id = $1', [id])
        if (rowCount !== 1) return false
        await logged(client, activity)
        return true
      }),
  }
}
