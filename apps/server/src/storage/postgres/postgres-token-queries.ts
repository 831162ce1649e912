import type { MetadataStore } from '../metadata-store.js'
import type { PostgresContext } from './postgres-context.js'
import { type TokenRow, toTokenRecord } from './postgres-rows.js'

type TokenQueries = Pick<
  MetadataStore,
  'createToken' | 'findTokenByHash' | 'listTokens' | 'deleteToken'
>

/** The token methods of the PostgreSQL metadata store. */
export function createPostgresTokenQueries({ query }: PostgresContext): TokenQueries {
  return {
    async createToken(token) {
      await query(
        'INSERT INTO tokens (id, name, hash, scopes, created_at) VALUES ($1, $2, $3, $4::jsonb, $5)',
        [token.id, token.name, token.hash, JSON.stringify(token.scopes), token.createdAt],
      )
    },
    async findTokenByHash(hash) {
      const { rows } = await query<TokenRow>('SELECT * FROM tokens WHERE hash = $1', [hash])
      return rows[0] === undefined ? undefined : toTokenRecord(rows[0])
    },
    async listTokens() {
      const { rows } = await query<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')
      return rows.map(toTokenRecord)
    },
    async deleteToken(id) {
      const { rowCount } = await query('DELETE FROM tokens WHERE id = $1', [id])
      return rowCount === 1
    },
  }
}
