import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import type {
  LockedNodePackage,
  LockedPythonDistribution,
  LockedRuntime,
} from './lockfile-schema.js'

type Fail = (field: string, problem: string) => never

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
