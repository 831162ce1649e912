import { isSkillshipError } from '@skillship/core/errors'
import { isSemver } from '@skillship/core/semver'
import { isKeyId } from '@skillship/signing'
import {
  fieldPath,
  isHttpUrl,
  isSha512Integrity,
  isSkillName,
  type JsonFields,
  jsonObject,
  stringField,
} from '../shared/helpers.js'
import { lockedGitUrlProblem, normalizeSubpath } from '../source/parse-git-spec.js'
import type { LockedSource } from '../source/skill-source-spec.js'
import type {
  LockedAudit,
  LockedFile,
  LockedNodePackage,
  LockedPythonDistribution,
  LockedRuntime,
  LockedSkill,
} from './lockfile-schema.js'

type Fail = (field: string, problem: string) => never

const skillFields = ['spec', 'version', 'source', 'integrity', 'files']

/**
 * Reads and checks one version 2, 3 or 4 skill entry at `skills.<name>` (`runtime` from 3 on,
 * `audit` from 4 on).
 */
export function parseLockedSkill(
  name: string,
  value: unknown,
  fail: Fail,
  lockfileVersion: number,
): LockedSkill {
  const field = `skills.${name}`
  if (!isSkillName(name)) fail(field, 'is not a valid skill name')
  const allowed = [
    ...skillFields,
    ...(lockfileVersion >= 3 ? ['runtime', 'signer'] : []),
    ...(lockfileVersion >= 4 ? ['audit'] : []),
  ]
  const fields = jsonObject(value, field, fail, allowed)
  const source = parseLockedSource(fields.record['source'], fieldPath(field, 'source'), fail)
  if (source.type === 'registry' && source.name !== name) {
    fail(fieldPath(field, 'source.name'), `must be the skill's name '${name}'`)
  }
  const version = parseVersion(stringField(fields, 'version'), fieldPath(field, 'version'), fail)
  if (source.type === 'registry' && source.version !== version) {
    fail(fieldPath(field, 'source.version'), `must be the locked version '${version}'`)
  }
  const { runtime, audit } = fields.record
  const locked: LockedSkill = {
    spec: stringField(fields, 'spec'),
    version,
    source,
    integrity: parseIntegrity(
      stringField(fields, 'integrity'),
      fieldPath(field, 'integrity'),
      fail,
    ),
    files: parseFiles(fields.record['files'], fieldPath(field, 'files'), fail),
  }
  const signed = withSigner(locked, stringField(fields, 'signer', true), field, fail)
  return {
    ...signed,
    ...(runtime === undefined
      ? {}
      : { runtime: parseLockedRuntime(runtime, fieldPath(field, 'runtime'), fail) }),
    ...(audit === undefined
      ? {}
      : { audit: parseLockedAudit(audit, fieldPath(field, 'audit'), fail) }),
  }
}

function withSigner(locked: LockedSkill, signer: string | undefined, field: string, fail: Fail) {
  if (signer === undefined) return locked
  if (!isKeyId(signer)) fail(fieldPath(field, 'signer'), 'must be a key id (sha256:<64 hex>)')
  return { ...locked, signer }
}

/** A semantic version (`1.2.3`, `1.0.0-rc.1`). */
export function parseVersion(version: string, field: string, fail: Fail): string {
  return isSemver(version) ? version : fail(field, 'must be a semantic version')
}

/** One canonical `sha512-<88 base64>` SRI token: what the store keys entries by. */
export function parseIntegrity(integrity: string, field: string, fail: Fail): string {
  return isSha512Integrity(integrity)
    ? integrity
    : fail(field, 'must be a sha512-<base64> integrity')
}

function parseFiles(value: unknown, field: string, fail: Fail): readonly LockedFile[] {
  if (!Array.isArray(value)) return fail(field, 'must be an array')
  const files: unknown[] = value
  const bad = files.findIndex((file) => !isLockedFile(file))
  if (bad !== -1) fail(`${field}[${bad}]`, 'must be { path, size, mode (420 or 493), sha256 }')
  const checked = files as LockedFile[]
  if (new Set(checked.map((file) => file.path)).size !== checked.length) {
    fail(field, 'lists a path twice')
  }
  return checked
}

const gitCommit = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/

/** Reads and checks the `source` of a locked skill; anything else than the four shapes fails. */
export function parseLockedSource(value: unknown, field: string, fail: Fail): LockedSource {
  const type = jsonObject(value, field, fail).record['type']
  switch (type) {
    case 'registry': {
      const fields = jsonObject(value, field, fail, ['type', 'registry', 'name', 'version'])
      const registry = stringField(fields, 'registry')
      if (!isHttpUrl(registry)) fail(fieldPath(field, 'registry'), 'must be an http(s) URL')
      return {
        type,
        registry,
        name: stringField(fields, 'name'),
        version: stringField(fields, 'version'),
      }
    }
    case 'directory': {
      const fields = jsonObject(value, field, fail, ['type', 'path', 'link'])
      const link = fields.record['link']
      if (typeof link !== 'boolean') fail(fieldPath(field, 'link'), 'must be true or false')
      return { type, path: stringField(fields, 'path'), link }
    }
    case 'archive': {
      const fields = jsonObject(value, field, fail, ['type', 'location'])
      return { type, location: stringField(fields, 'location') }
    }
    case 'git':
      return parseGitSource(jsonObject(value, field, fail, ['type', 'url', 'commit', 'subpath']))
    default:
      return fail(fieldPath(field, 'type'), 'must be registry, directory, archive or git')
  }
}

function parseGitSource(fields: JsonFields): LockedSource {
  const commit = stringField(fields, 'commit')
  if (!gitCommit.test(commit)) {
    fields.fail(fieldPath(fields.field, 'commit'), 'must be a full lowercase commit hash')
  }
  // Checked exactly like a URL typed by the user: a lockfile is as untrusted as a spec.
  const url = stringField(fields, 'url')
  const problem = lockedGitUrlProblem(url)
  if (problem !== undefined) fields.fail(fieldPath(fields.field, 'url'), problem)
  const subpath = stringField(fields, 'subpath', true)
  if (subpath !== undefined && !isNormalSubpath(subpath)) {
    fields.fail(fieldPath(fields.field, 'subpath'), 'must be a relative path inside the repository')
  }
  return { type: 'git', url, commit, subpath }
}

function isNormalSubpath(subpath: string): boolean {
  try {
    return normalizeSubpath(subpath, subpath) === subpath
  } catch (error) {
    if (isSkillshipError(error)) return false
    throw error
  }
}

const verdicts: readonly string[] = ['pass', 'warn']
const deciders: readonly string[] = ['registry', 'local']
const presets: readonly string[] = ['strict', 'default', 'permissive']
const maxAllowed = 1000

/** Reads and checks a skill entry's `audit` (lockfile version 4). */
export function parseLockedAudit(value: unknown, field: string, fail: Fail): LockedAudit {
  const fields = jsonObject(value, field, fail, [
    'verdict',
    'rulePack',
    'by',
    'policy',
    'digest',
    'allowed',
  ])
  const verdict = oneOf(stringField(fields, 'verdict'), verdicts, fieldPath(field, 'verdict'), fail)
  const by = oneOf(stringField(fields, 'by'), deciders, fieldPath(field, 'by'), fail)
  const policy = oneOf(stringField(fields, 'policy'), presets, fieldPath(field, 'policy'), fail)
  const allowed = fields.record['allowed']
  if (!Array.isArray(allowed) || allowed.length > maxAllowed)
    return fail(fieldPath(field, 'allowed'), `must be an array of at most ${maxAllowed} entries`)
  const entries: unknown[] = allowed
  return {
    verdict: verdict as LockedAudit['verdict'],
    rulePack: stringField(fields, 'rulePack'),
    by: by as LockedAudit['by'],
    policy: policy as LockedAudit['policy'],
    digest: digestField(stringField(fields, 'digest'), fieldPath(field, 'digest'), fail),
    allowed: entries.map((entry, index) => {
      const at = `${fieldPath(field, 'allowed')}[${index}]`
      const item = jsonObject(entry, at, fail, ['rule', 'reason'])
      return { rule: stringField(item, 'rule'), reason: stringField(item, 'reason') }
    }),
  }
}

function oneOf(value: string, allowed: readonly string[], field: string, fail: Fail): string {
  return allowed.includes(value) ? value : fail(field, `must be one of ${allowed.join(', ')}`)
}

function digestField(digest: string, field: string, fail: Fail): string {
  return isSha512Integrity(digest) ? digest : fail(field, 'must be a sha512-<base64> digest')
}

/** Reads and checks a skill entry's `runtime` (lockfile version 3). */
export function parseLockedRuntime(value: unknown, field: string, fail: Fail): LockedRuntime {
  const fields = jsonObject(value, field, fail, ['python', 'node'])
  const { python, node } = fields.record
  return {
    ...(python === undefined
      ? {}
      : { python: parsePython(python, fieldPath(field, 'python'), fail) }),
    ...(node === undefined ? {} : { node: parseNode(node, fieldPath(field, 'node'), fail) }),
  }
}

function parsePython(
  value: unknown,
  field: string,
  fail: Fail,
): NonNullable<LockedRuntime['python']> {
  const fields = jsonObject(value, field, fail, ['requiresPython', 'requirements', 'packages'])
  const requiresPython = stringField(fields, 'requiresPython', true)
  return {
    ...(requiresPython === undefined ? {} : { requiresPython }),
    requirements: stringList(fields.record['requirements'], fieldPath(field, 'requirements'), fail),
    packages: list(
      fields.record['packages'],
      fieldPath(field, 'packages'),
      fail,
      parseDistribution,
    ),
  }
}

function parseDistribution(value: unknown, field: string, fail: Fail): LockedPythonDistribution {
  const fields = jsonObject(value, field, fail, ['name', 'version', 'hashes'])
  const hashes = fields.record['hashes']
  const distribution = {
    name: stringField(fields, 'name'),
    version: stringField(fields, 'version'),
  }
  if (hashes === undefined) return distribution
  const checked = stringList(hashes, fieldPath(field, 'hashes'), fail)
  if (!checked.every((hash) => /^sha256:[0-9a-f]{64}$/.test(hash))) {
    fail(fieldPath(field, 'hashes'), 'must be sha256:<64 hex> digests')
  }
  return { ...distribution, hashes: checked }
}

function parseNode(value: unknown, field: string, fail: Fail): NonNullable<LockedRuntime['node']> {
  const fields = jsonObject(value, field, fail, ['dependencies', 'packages'])
  const dependencies = jsonObject(
    fields.record['dependencies'],
    fieldPath(field, 'dependencies'),
    fail,
  )
  const ranges = Object.entries(dependencies.record).map(([name, range]) =>
    typeof range === 'string'
      ? [name, range]
      : fail(fieldPath(dependencies.field, name), 'must be a string'),
  )
  return {
    dependencies: Object.fromEntries(ranges),
    packages: list(fields.record['packages'], fieldPath(field, 'packages'), fail, parseNodePackage),
  }
}

function parseNodePackage(value: unknown, field: string, fail: Fail): LockedNodePackage {
  const fields = jsonObject(value, field, fail, ['name', 'version', 'integrity'])
  const integrity = stringField(fields, 'integrity', true)
  const entry = { name: stringField(fields, 'name'), version: stringField(fields, 'version') }
  return integrity === undefined ? entry : { ...entry, integrity }
}

function stringList(value: unknown, field: string, fail: Fail): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    return fail(field, 'must be an array of strings')
  }
  return value as string[]
}

function list<T>(
  value: unknown,
  field: string,
  fail: Fail,
  parse: (item: unknown, field: string, fail: Fail) => T,
): T[] {
  if (!Array.isArray(value)) return fail(field, 'must be an array')
  return value.map((item: unknown, index) => parse(item, `${field}[${index}]`, fail))
}

const sha256HexPattern = /^[0-9a-f]{64}$/

/**
 * True when `value` is exactly a LockedFile: a non-empty relative `/`-separated path without `.`
 * or `..` segments, an integer size, mode 0644 or 0755 and a lowercase hex SHA-256; no other keys.
 */
export function isLockedFile(value: unknown): value is LockedFile {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false
  const record = value as Record<string, unknown>
  if (Object.keys(record).length !== 4) return false
  const { path, size, mode, sha256 } = record
  return (
    typeof path === 'string' &&
    isRelativePath(path) &&
    typeof size === 'number' &&
    Number.isSafeInteger(size) &&
    size >= 0 &&
    (mode === 0o644 || mode === 0o755) &&
    typeof sha256 === 'string' &&
    sha256HexPattern.test(sha256)
  )
}

function isRelativePath(path: string): boolean {
  if (path.includes('\\') || path.includes('\0')) return false
  return path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}

/** True when both lists hold the same files (path, size, mode, digest) in the same order. */
export function sameLockedFiles(a: readonly LockedFile[], b: readonly LockedFile[]): boolean {
  return (
    a.length === b.length &&
    a.every((file, index) => {
      const other = b[index]
      return (
        other !== undefined &&
        file.path === other.path &&
        file.size === other.size &&
        file.mode === other.mode &&
        file.sha256 === other.sha256
      )
    })
  )
}
