import { mkdir, readFile } from 'node:fs/promises'
import { isAbsolute, join, resolve } from 'node:path'
import { errnoCode, SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** The list of project roots that installed into this skillship home, for `skillship gc`. */
export const knownProjectsFile = 'projects.json'

// A write another writer overwrote at the same instant is noticed by the next read and made
// again, this many times at most.
const maxWriteAttempts = 3

/**
 * Adds the absolute `projectRoot` to `<skillshipHome>/projects.json` (`{ version: 1, projects }`,
 * sorted), so that gc counts what it references. Cheap when already listed: one read, no write.
 * Otherwise the list is read again right before the atomic write and merged, then read back (and
 * written again if a concurrent writer dropped it). Two installs adding at the same instant can
 * still lose one addition (the last rename wins, after the read back); that is
 * accepted because every install calls this: the project is listed again by its next install.
 * Until then gc does not see its references, which is why gc also spares anything younger than a
 * minute. Throws INSTALL_VERIFY_FAILED for a file that is not a known-projects list.
 */
export async function rememberProject(skillshipHome: string, projectRoot: string): Promise<void> {
  const root = resolve(projectRoot)
  for (let attempt = 0; attempt < maxWriteAttempts; attempt++) {
    if ((await knownProjects(skillshipHome)).includes(root)) return
    await updateKnownProjects(skillshipHome, (projects) => [...projects, root])
  }
}

/** The project roots listed in `<skillshipHome>/projects.json`; none when it does not exist. */
export async function knownProjects(skillshipHome: string): Promise<string[]> {
  const path = join(skillshipHome, knownProjectsFile)
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    if (errnoCode(error) === 'ENOENT') return []
    throw error
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(path, 'is not valid JSON', error)
  }
  if (!isJsonRecord(value)) throw invalid(path, 'is not a JSON object')
  const { version, projects } = value
  if (version !== 1) throw invalid(path, `has version ${String(version)}, expected 1`)
  if (!Array.isArray(projects) || !projects.every((p) => typeof p === 'string' && isAbsolute(p))) {
    throw invalid(path, 'has no "projects" list of absolute paths')
  }
  return projects
}

/**
 * Removes `roots` from the list (gc drops projects whose folder is gone), reading it right before
 * the atomic write. A project removed here that an install adds back at the same instant may stay
 * unlisted until its next install, as above.
 */
export async function forgetProjects(
  skillshipHome: string,
  roots: readonly string[],
): Promise<void> {
  const gone = new Set(roots.map((root) => resolve(root)))
  await updateKnownProjects(skillshipHome, (projects) => projects.filter((p) => !gone.has(p)))
}

async function updateKnownProjects(
  skillshipHome: string,
  change: (projects: readonly string[]) => string[],
): Promise<void> {
  const projects = [...new Set(change(await knownProjects(skillshipHome)))].sort()
  await mkdir(skillshipHome, { recursive: true })
  const text = `${JSON.stringify({ version: 1, projects }, null, 2)}\n`
  await writeFileAtomic(join(skillshipHome, knownProjectsFile), text, { skipIfEqual: true })
}

function invalid(path: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `${path} ${problem}`, {
    path,
    hint:
      'Fix it, or delete it and run `skillship install` in each of your projects before the ' +
      'next `skillship gc` (gc keeps only what listed projects reference).',
    ...(cause === undefined ? {} : { cause }),
  })
}
