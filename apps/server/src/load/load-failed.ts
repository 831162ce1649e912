import { SkillshipError } from '@skillship/core/errors'
import { ServeErrorCode } from '@skillship/registry-client/errors'

/** SERVE_LOAD_FAILED for `name@version`: its stored bytes are missing, corrupt or not what was published. */
export function loadFailed(
  skill: { readonly name: string; readonly version: string },
  problem: string,
  cause?: unknown,
): SkillshipError {
  return new SkillshipError(
    ServeErrorCode.LoadFailed,
    `Cannot load ${skill.name}@${skill.version}: ${problem}`,
    {
      hint: 'The stored tarball does not match its published record; republish the skill as a new version, or restore the blob from a backup.',
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
