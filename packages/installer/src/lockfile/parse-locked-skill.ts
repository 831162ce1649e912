import { isSemver } from '@skillship/core/semver'
import { isKeyId } from '@skillship/signing'
import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import { isSkillName } from '../manifest/is-skill-name.js'
import { isSha512Integrity } from '../store/store-layout.js'
import { isLockedFile } from './is-locked-file.js'
import type { LockedFile, LockedSkill } from './lockfile-schema.js'
import { parseLockedAudit } from './parse-locked-audit.js'
import { parseLockedRuntime } from './parse-locked-runtime.js'
import { parseLockedSource } from './parse-locked-source.js'

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
