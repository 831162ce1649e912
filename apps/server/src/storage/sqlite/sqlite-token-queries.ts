import type { MetadataStore } from '../metadata-store.js'
import type { SqliteContext } from './sqlite-context.js'
import { type TokenRow, toTokenRecord } from './sqlite-rows.js'

type TokenQueries = Pick<
  MetadataStore,
  'createToken' | 'findTokenByHash' | 'listTokens' | 'deleteToken'
>

/** The token methods of the SQLite metadata store. */
export function createSqliteTokenQueries({ statement, run }: SqliteContext): TokenQueries {
  return {
    createToken: (token) =>
      run(() => {
        statement(
          `INSERT INTO tokens (id, name, hash, scopes, created_at)
           VALUES (@id, @name, @hash, @scopes, @createdAt)`,
        ).run({
          id: token.id,
          name: token.name,
          hash: token.hash,
          scopes: JSON.stringify(token.scopes),
          createdAt: token.createdAt.getTime(),
        })
      }),
    findTokenByHash: (hash) =>
      run(() => {
        const row = statement<TokenRow>('SELECT * FROM tokens WHERE hash = @hash').get({ hash })
        return row === undefined ? undefined : toTokenRecord(row)
      }),
    listTokens: () =>
      run(() =>
        statement<TokenRow>('SELECT * FROM tokens ORDER BY created_at, id')
          .all()
          .map(toTokenRecord),
      ),
    deleteToken: (id) =>
      run(() => statement('DELETE FROM tokens WHERE id = @id').run({ id }).changes === 1),
  }
}
