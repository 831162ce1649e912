import { isSkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import { describe, expect, it } from 'vitest'
import { guardPostgres, isPostgresUnavailable } from './postgres-unavailable.js'

const coded = (code: string) => Object.assign(new Error('x'), { code })

describe('isPostgresUnavailable', () => {
  it.each([
    ['ECONNREFUSED'],
    ['ENOTFOUND'],
    ['ETIMEDOUT'],
    ['08006'],
    ['28P01'],
    ['3D000'],
    ['53300'],
    ['57P01'],
    ['57P03'],
  ])('is true for %s', (code) => {
    expect(isPostgresUnavailable(coded(code))).toBe(true)
  })

  it.each([['23505'], ['42P01'], ['22P02'], ['40P01']])('is false for %s', (code) => {
    expect(isPostgresUnavailable(coded(code))).toBe(false)
  })

  it('recognizes pg connect timeouts, which carry no code', () => {
    expect(isPostgresUnavailable(new Error('timeout exceeded when trying to connect'))).toBe(true)
    expect(isPostgresUnavailable('ECONNREFUSED')).toBe(false)
  })
})

describe('guardPostgres', () => {
  it('turns unavailability into REGISTRY_STORAGE_UNAVAILABLE with the cause', async () => {
    const cause = coded('ECONNREFUSED')
    const error: unknown = await guardPostgres('db:5432/r', () => Promise.reject(cause)).catch(
      (failure: unknown) => failure,
    )
    expect(isSkillshipError(error) && error.code).toBe(RegistryErrorCode.StorageUnavailable)
    expect((error as Error).cause).toBe(cause)
  })

  it('passes other failures through unchanged', async () => {
    const failure = coded('23505')
    await expect(guardPostgres('db', () => Promise.reject(failure))).rejects.toBe(failure)
  })
})
