import { SkillErrorCode } from '../errors/skill-error-codes.js'
import type { IssueDraft } from './skill-issue.js'

const fileToken = /(?:^|[\s(,;:"'])((?:[\w.-]+\/)*[\w-][\w.-]*\.(?:txt|md|markdown|rst|html))\b/gi
const bareToken = /\b(LICENSE|LICENCE|COPYING|NOTICE)\b/

/**
 * Warns when `license` names a bundled file (e.g. "Proprietary. LICENSE.txt has complete terms",
 * or a bare LICENSE) that the skill does not contain. A license name such as `Apache-2.0` names no
 * file and is not checked.
 */
export function validateLicenseFile(
  license: string,
  files: ReadonlySet<string>,
  line: number | undefined,
): IssueDraft[] {
  const at = { path: 'SKILL.md', field: 'license', ...(line === undefined ? {} : { line }) }
  const named = [...license.matchAll(fileToken)].map((match) => match[1] ?? '')
  const missing =
    named.length > 0 ? named.filter((file) => !files.has(file)) : bareMissing(license, files)
  return missing.map((file) => ({
    code: SkillErrorCode.LicenseFileMissing,
    message: `license refers to ${file}, which is not in the skill`,
    hint: `Add ${file} to the skill, or name the license instead (e.g. Apache-2.0).`,
    ...at,
  }))
}

function bareMissing(license: string, files: ReadonlySet<string>): string[] {
  const word = bareToken.exec(license)?.[1]
  if (word === undefined) return []
  for (const file of files) {
    if (!file.includes('/') && (file === word || file.startsWith(`${word}.`))) return []
  }
  return [word]
}
