import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { sqliteDriverMissing } from './server.js'

/** The error Node's own require throws for a package that is not installed. */
function moduleNotFound(name: string): Error {
  try {
    createRequire(import.meta.url)(name)
  } catch (error) {
    return error as Error
  }
  throw new Error(`${name} is installed`)
}

describe('sqliteDriverMissing', () => {
  it('recognises better-sqlite3 missing, directly or as the cause of a storage error', () => {
    const missing = moduleNotFound('better-sqlite3/no-such-entry')
    expect(sqliteDriverMissing(missing)).toBe(true)
    const wrapped = new Error('cannot open the SQLite database', { cause: missing })
    expect(sqliteDriverMissing(new Error('start failed', { cause: wrapped }))).toBe(true)
    expect(sqliteDriverMissing(new Error('Could not locate the bindings file. Tried: ...'))).toBe(
      true,
    )
  })

  it('leaves every other failure alone', () => {
    expect(sqliteDriverMissing(moduleNotFound('no-such-package-at-all'))).toBe(false)
    expect(sqliteDriverMissing(new Error('SQLITE_BUSY: database is locked'))).toBe(false)
    expect(sqliteDriverMissing('better-sqlite3')).toBe(false)
  })
})
