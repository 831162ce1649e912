import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import { isSha512Integrity } from '../store/store-layout.js'
import type { LockedAudit } from './lockfile-schema.js'

type Fail = (field: string, problem: string) => never

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
