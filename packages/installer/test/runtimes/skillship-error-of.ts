import { isSkillshipError, type SkillshipError } from '@skillship/core/errors'

/** Test support: awaits `work`, which must reject with a SkillshipError, and returns that error. */
export async function skillshipErrorOf(work: Promise<unknown>): Promise<SkillshipError> {
  try {
    await work
  } catch (error) {
    if (isSkillshipError(error)) return error
    throw error
  }
  throw new Error('expected a SkillshipError')
}
