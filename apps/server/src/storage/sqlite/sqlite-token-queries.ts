import type { NewActivity } from '../../activity/activity-store.js'
import type { MetadataStore, TokenRecord } from '../metadata-store.js'
import { activityParameters, insertActivitySql } from './sqlite-activity-store.js'
import type { SqliteContext } from './sqlite-context.js'
import { type TokenRow, toTokenRecord } from './sqlite-rows.js'

type TokenQueries = Pick<
  MetadataStore,
  'createToken' | 'findTokenByHash' | 'listTokens' | 'deleteToken'
>

/** The token methods of the SQLite metadata store; writes with their activity entry in one transaction. */
export function createSqliteTokenQueries({ db, statement, run }: SqliteContext): TokenQueries {
  const logged = (activity: NewActivity | undefined) => {
    if (activity !== undefined) statement(insertActivitySql).run(activityParameters(activity))
  }
  const create = db.transaction((token: TokenRecord, activity: NewActivity | undefined) => {
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
    logged(activity)
  })
  const remove = db.transaction((id: string, activity: NewActivity | undefined) => {
    if (statement('DELETE FROM tokens WHERE id = @id').run({ id }).changes !== 1) return false
    logged(activity)
    return true
  })
  return {
    createToken: (token, activity) => run(() => create.immediate(token, activity)),
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
    deleteToken: (id, activity) => run(() => remove.immediate(id, activity)),
  }
}
