import { SkillshipError } from '@skillship/core/errors'
import { RuntimeErrorCode } from '../../errors/runtime-error-codes.js'
import { lstatIfExists } from '../../shared/helpers.js'
import { claimedState, readInstalledState } from '../../state/installed-state.js'

/**
 * The folder of an installed skill, from the installed-state file: a real folder skillship placed
 * (an agent with `.agents/skills` or a copy), else a link to one, whichever is still on disk.
 * RUNTIME_SKILL_NOT_INSTALLED when skillship placed nothing of that name here. Only records the
 * state may claim count (`skillsDirs`: the scope's agent skills folders, see claimedState): a
 * planted state file cannot point a run at a script elsewhere.
 */
export async function findInstalledSkill(
  statePath: string,
  name: string,
  skillsDirs: ReadonlySet<string>,
): Promise<string> {
  const { state } = claimedState(await readInstalledState(statePath), skillsDirs)
  const records = state.skills
    .filter((record) => record.name === name)
    .sort((a, b) => (a.method === b.method ? 0 : a.method === 'folder' ? -1 : 1))
  for (const record of records) {
    if ((await lstatIfExists(record.path)) !== undefined) return record.path
  }
  throw new SkillshipError(
    RuntimeErrorCode.SkillNotInstalled,
    records.length === 0
      ? `No skill named ${name} is installed here`
      : `${name} is recorded as installed, but none of its folders exist any more`,
    {
      hint:
        records.length === 0
          ? 'Run `skillship list` to see what is installed, or `skillship add <spec>`.'
          : 'Run `skillship sync` to place it again.',
      details: { name },
    },
  )
}
