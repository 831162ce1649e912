import { isAbsolute } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { isJsonRecord } from '@skillship/core/plain-data'
import { InstallErrorCode } from '../errors/install-error-codes.js'

/** The state file format version this code reads and writes. */
export const installedStateVersion = 1

/** One skill folder or link skillship put into an agent's skills folder. */
export interface InstalledRecord {
  readonly agent: string
  readonly name: string
  /** Absolute path of the skill folder or link (`<skillsDir>/<name>`). */
  readonly path: string
  /** SRI integrity of the store entry it was placed from. */
  readonly integrity: string
  readonly method: 'folder' | 'symlink'
}

/**
 * What skillship installed where (`<project>/.skillship/installed.json`, or
 * `<home>/.skillship/installed-user.json` for user installs). Only paths recorded here are ever
 * replaced or removed without --force, so a user's own folder of the same name is never touched.
 */
export interface InstalledState {
  readonly version: typeof installedStateVersion
  /** Sorted by path, then agent; one record per (agent, path). */
  readonly skills: readonly InstalledRecord[]
}

const recordKeys = ['agent', 'name', 'path', 'integrity'] as const

/**
 * Parses and validates the text of a state file. Throws INSTALL_VERIFY_FAILED (with `file` as
 * path) for invalid JSON, a version other than the current one, or a malformed record.
 */
export function parseInstalledState(text: string, file: string): InstalledState {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    throw invalid(file, 'is not valid JSON', error)
  }
  if (!isJsonRecord(value)) throw invalid(file, 'is not a JSON object')
  if (value['version'] !== installedStateVersion) {
    throw invalid(
      file,
      `has version ${String(value['version'])}, expected ${installedStateVersion}`,
    )
  }
  const skills = value['skills']
  if (!Array.isArray(skills)) throw invalid(file, 'has no "skills" list')
  return {
    version: installedStateVersion,
    skills: skills.map((item, index) => toRecord(item, index, file)),
  }
}

function toRecord(item: unknown, index: number, file: string): InstalledRecord {
  if (!isJsonRecord(item)) throw invalid(file, `has a malformed record #${index}`)
  for (const key of recordKeys) {
    if (typeof item[key] !== 'string' || item[key] === '') {
      throw invalid(file, `has a record #${index} without "${key}"`)
    }
  }
  const method = item['method']
  if (method !== 'folder' && method !== 'symlink') {
    throw invalid(file, `has a record #${index} with an unknown method`)
  }
  const path = item['path'] as string
  if (!isAbsolute(path)) throw invalid(file, `has a record #${index} with a relative path`)
  return {
    agent: item['agent'] as string,
    name: item['name'] as string,
    path,
    integrity: item['integrity'] as string,
    method,
  }
}

function invalid(file: string, what: string, cause?: unknown): SkillshipError {
  return new SkillshipError(InstallErrorCode.VerifyFailed, `The install state file ${what}.`, {
    path: file,
    hint: 'Restore it from a backup, or delete it and reinstall with --force.',
    ...(cause === undefined ? {} : { cause }),
  })
}
