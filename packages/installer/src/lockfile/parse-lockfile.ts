import { dirname } from 'node:path'
import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import { isSkillName } from '../manifest/is-skill-name.js'
import { lockfileInvalid, lockfileTooNew } from './lockfile-errors.js'
import {
  currentLockfileVersion,
  type LockedSkillV1,
  type Lockfile,
  type LockfileV1,
} from './lockfile-schema.js'
import { migrateLockfile } from './migrate-lockfile.js'
import { parseIntegrity, parseLockedSkill, parseVersion } from './parse-locked-skill.js'

/** A lockfile as read: always the current version; `migratedFrom` says it should be rewritten. */
export interface ReadLockfile {
  readonly lockfile: Lockfile
  /** The version found on disk when it was older and migrated in memory, else undefined. */
  readonly migratedFrom: number | undefined
}

/**
 * Parses skillship.lock text (`path` is for messages and for resolving v1 relative paths).
 * Versions 2, 3 and 4 are checked field by field (3 is 4 without `audit`, 2 is 3 without
 * `runtime`, so both are read as 4 and reported as migrated; their skills are audited afresh at the
 * next install); version 1 is checked and migrated; a version above the
 * current one throws INSTALL_LOCKFILE_TOO_NEW before its shape is judged; invalid JSON, an unknown
 * field or a bad value throws INSTALL_LOCKFILE_INVALID naming the field. Nothing is dropped.
 */
export function parseLockfile(text: string, path: string): ReadLockfile {
  const fail = (field: string, problem: string): never => {
    throw lockfileInvalid(path, field, problem)
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw lockfileInvalid(path, '(root)', 'is not valid JSON', error)
  }
  const version = jsonObject(value, '', fail).record['lockfileVersion']
  if (typeof version !== 'number' || !Number.isSafeInteger(version) || version < 1) {
    return fail('lockfileVersion', 'must be a positive integer')
  }
  if (version > currentLockfileVersion) throw lockfileTooNew(path, version)
  const fields = jsonObject(value, '', fail, ['lockfileVersion', 'skills'])
  const skills = jsonObject(fields.record['skills'], 'skills', fail).record
  if (version === 1) {
    const v1: LockfileV1 = { lockfileVersion: 1, skills: mapSkills(skills, parseSkillV1(fail)) }
    return { lockfile: migrateLockfile(v1, dirname(path)), migratedFrom: 1 }
  }
  const parsed = mapSkills(skills, (name, entry) => parseLockedSkill(name, entry, fail, version))
  return {
    lockfile: { lockfileVersion: currentLockfileVersion, skills: parsed },
    migratedFrom: version === currentLockfileVersion ? undefined : version,
  }
}

function parseSkillV1(fail: (field: string, problem: string) => never) {
  return (name: string, value: unknown): LockedSkillV1 => {
    const field = `skills.${name}`
    if (!isSkillName(name)) fail(field, 'is not a valid skill name')
    const fields = jsonObject(value, field, fail, ['version', 'resolved', 'integrity'])
    return {
      version: parseVersion(stringField(fields, 'version'), fieldPath(field, 'version'), fail),
      resolved: stringField(fields, 'resolved'),
      integrity: parseIntegrity(
        stringField(fields, 'integrity'),
        fieldPath(field, 'integrity'),
        fail,
      ),
    }
  }
}

function mapSkills<T>(
  skills: Readonly<Record<string, unknown>>,
  parse: (name: string, value: unknown) => T,
): Record<string, T> {
  return Object.fromEntries(
    Object.entries(skills).map(([name, entry]) => [name, parse(name, entry)]),
  )
}
