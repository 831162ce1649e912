import { SkillshipError } from '@skillship/core/errors'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** The forms a source spec may take, shown whenever one is refused. */
export const sourceSpecForms = [
  'name@^1.2.0 | name@latest | name@1.2.3 (registry)',
  'file:./path/to/skill | ./path/to/skill (folder, copied)',
  'link:./path/to/skill (folder, symlinked for development)',
  './skill.tgz | file:/abs/skill.zip | https://host/skill.tgz (archive)',
  'git+https://host/repo.git#ref&path=sub/dir | git+ssh://... | git+file:///abs/repo#ref (git)',
  'owner/repo | github:owner/repo | gitlab:group/repo | https://github.com/owner/repo/tree/ref/dir (git, on the command line)',
].join('; ')

/** INSTALL_SPEC_INVALID for `text`, naming the reason and listing every accepted form. */
export function specInvalid(text: string, reason: string, cause?: unknown): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.SpecInvalid,
    `Invalid source spec '${text}': ${reason}`,
    {
      hint: `Use one of: ${sourceSpecForms}.`,
      details: { spec: text },
      ...(cause === undefined ? {} : { cause }),
    },
  )
}
