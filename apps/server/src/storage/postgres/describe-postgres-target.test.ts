import { describe, expect, it } from 'vitest'
import { describePostgresTarget } from './describe-postgres-target.js'

describe('describePostgresTarget', () => {
  it.each([
    ['postgres://user:pw@db.internal:6543/registry', 'db.internal:6543/registry'],
    ['postgresql://user:pw@db/registry?sslmode=require', 'db:5432/registry'],
    ['postgres://user:pw@[::1]:5432/r', '[::1]:5432/r'],
    ['postgres:///registry?host=/var/run/postgresql', '/var/run/postgresql:5432/registry'],
    ['postgres://user:pw@db', 'db:5432/(default database)'],
    ['not a url with pw', 'PostgreSQL'],
  ])('describes %j as %j', (connectionString, label) => {
    expect(describePostgresTarget(connectionString)).toBe(label)
  })
})
