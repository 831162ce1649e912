import { isSkillshipError } from '@skillship/core'
import { expect } from 'vitest'

/** Awaits `work`, expects it to throw a SkillshipError, and returns that error's code. */
export async function codeOf(work: Promise<unknown>): Promise<string> {
  const error: unknown = await work.then(
    () => undefined,
    (caught: unknown) => caught,
  )
  expect(isSkillshipError(error)).toBe(true)
  return isSkillshipError(error) ? error.code : ''
}

/** A fresh temp folder name prefix for this package's tests. */
export const tempPrefix = 'skillship-installer-test-'
