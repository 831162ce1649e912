import { dirname } from 'node:path'
import { SkillshipError } from '@skillship/core/errors'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import {
  fieldPath,
  isSkillName,
  jsonObject,
  readTextIfExists,
  stringField,
} from '../shared/helpers.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import {
  currentLockfileVersion,
  type LockedAudit,
  type LockedFile,
  type LockedRuntime,
  type LockedSkill,
  type LockedSkillV1,
  type Lockfile,
  type LockfileV1,
} from './lockfile-schema.js'
import { migrateLockfile } from './migrate-lockfile.js'
import { parseIntegrity, parseLockedSkill, parseVersion } from './parse-locked-skill.js'

/**
 * Reads skillship.lock at `path`: undefined when there is no such file; otherwise the current
 * version, with `migratedFrom` set when an older version was migrated (the caller rewrites it with
 * writeLockfile). Throws INSTALL_LOCKFILE_INVALID (invalid JSON or shape, naming the field) or
 * INSTALL_LOCKFILE_TOO_NEW (written by a newer skillship); never discards content silently.
 */
export async function readLockfile(path: string): Promise<ReadLockfile | undefined> {
  const text = await readTextIfExists(path)
  return text === undefined ? undefined : parseLockfile(text, path)
}

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

/** INSTALL_LOCKFILE_INVALID naming the file and the field (`skills.pdf.integrity`). */
export function lockfileInvalid(
  path: string,
  field: string,
  problem: string,
  cause?: unknown,
): SkillshipError {
  return new SkillshipError(InstallErrorCode.LockfileInvalid, `${path}: ${field} ${problem}`, {
    path,
    details: { field },
    hint: 'Fix or restore the lockfile (e.g. from version control), or delete it and run `skillship install` to re-resolve every skill.',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** INSTALL_LOCKFILE_TOO_NEW: written by a newer skillship; never read it as something older. */
export function lockfileTooNew(path: string, version: number): SkillshipError {
  return new SkillshipError(
    InstallErrorCode.LockfileTooNew,
    `${path} has lockfileVersion ${version}; this skillship reads up to ${currentLockfileVersion}`,
    {
      path,
      details: { lockfileVersion: version, supported: currentLockfileVersion },
      hint: 'Upgrade skillship (npm install -g skillship@latest) to read this lockfile.',
    },
  )
}

/**
 * Writes skillship.lock atomically (temp file + rename) in its stable form: 2-space JSON, keys
 * sorted at every depth, `files` sorted by the UTF-8 bytes of their path, a trailing newline.
 * Only the schema's fields are written. Returns false, without writing, when the file already
 * holds exactly these bytes. The folder must exist.
 */
export async function writeLockfile(path: string, lockfile: Lockfile): Promise<boolean> {
  return writeFileAtomic(path, serializeLockfile(lockfile), { skipIfEqual: true })
}

/** The exact text writeLockfile writes for `lockfile`. */
export function serializeLockfile(lockfile: Lockfile): string {
  const skills = Object.entries(lockfile.skills).map(([name, skill]) => [name, pickSkill(skill)])
  return stringifySorted({
    lockfileVersion: lockfile.lockfileVersion,
    skills: Object.fromEntries(skills),
  })
}

function pickSkill(skill: LockedSkill): LockedSkill {
  const files = [...skill.files]
    .map(pickFile)
    .sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)))
  const picked: LockedSkill = {
    spec: skill.spec,
    version: skill.version,
    source: pickSource(skill.source),
    integrity: skill.integrity,
    files,
  }
  return {
    ...picked,
    ...(skill.signer === undefined ? {} : { signer: skill.signer }),
    ...(skill.runtime === undefined ? {} : { runtime: pickRuntime(skill.runtime) }),
    ...(skill.audit === undefined ? {} : { audit: pickAudit(skill.audit) }),
  }
}

// Allowed entries in rule order, so the same judgement is always the same bytes.
function pickAudit(audit: LockedAudit): LockedAudit {
  const { verdict, rulePack, by, policy, digest } = audit
  const allowed = audit.allowed
    .map(({ rule, reason }) => ({ rule, reason }))
    .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : a.reason < b.reason ? -1 : 1))
  return { verdict, rulePack, by, policy, digest, allowed }
}

// Packages sorted by name, so the same environment is always the same bytes.
function pickRuntime({ python, node }: LockedRuntime): LockedRuntime {
  const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : 1)
  return {
    ...(python === undefined
      ? {}
      : {
          python: {
            ...(python.requiresPython === undefined
              ? {}
              : { requiresPython: python.requiresPython }),
            requirements: [...python.requirements],
            packages: python.packages
              .map(({ name, version, hashes }) => ({
                name,
                version,
                ...(hashes === undefined ? {} : { hashes: [...hashes].sort() }),
              }))
              .sort(byName),
          },
        }),
    ...(node === undefined
      ? {}
      : {
          node: {
            dependencies: { ...node.dependencies },
            packages: node.packages
              .map(({ name, version, integrity }) => ({
                name,
                version,
                ...(integrity === undefined ? {} : { integrity }),
              }))
              .sort(byName),
          },
        }),
  }
}

function pickFile({ path, size, mode, sha256 }: LockedFile): LockedFile {
  return { path, size, mode, sha256 }
}

function pickSource(source: LockedSource): LockedSource {
  switch (source.type) {
    case 'registry':
      return {
        type: source.type,
        registry: source.registry,
        name: source.name,
        version: source.version,
      }
    case 'directory':
      return { type: source.type, path: source.path, link: source.link }
    case 'archive':
      return { type: source.type, location: source.location }
    case 'git':
      return { type: source.type, url: source.url, commit: source.commit, subpath: source.subpath }
  }
}

/**
 * JSON with 2-space indentation, object keys sorted by code unit at every depth, and a trailing
 * newline: the same data always gives the same bytes, so diffs show only real changes. Array order
 * is kept (callers sort arrays that are sets). `undefined` members are omitted, as JSON.stringify does.
 */
export function stringifySorted(value: unknown): string {
  return `${JSON.stringify(value, sortKeys, 2)}\n`
}

function sortKeys(_key: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  const record = value as Record<string, unknown>
  return Object.fromEntries(
    Object.keys(record)
      .sort()
      .map((key) => [key, record[key]]),
  )
}
