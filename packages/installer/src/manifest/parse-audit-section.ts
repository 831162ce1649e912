import type { AllowEntry } from '@skillship/audit'
import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import { isSha512Integrity } from '../store/store-layout.js'
import { isSkillName } from './is-skill-name.js'
import type { ManifestAudit } from './manifest-schema.js'

type Fail = (field: string, problem: string) => never

/** Most allow entries one policy may hold; each is checked against every finding. */
export const maxAllowEntries = 1000
const maxReasonLength = 1000
const maxPolicyPathLength = 256
const ruleIdPattern = /^SKA-[A-Z]{3}-\d{3}$/

/**
 * The `audit` section of skillship.json: `{ policy?, allow? }` and nothing else. `policy` is a
 * preset (strict, default, permissive) or a relative path to a policy file inside the project;
 * `allow` as parsed by parseAllowEntries.
 */
export function parseAuditSection(value: unknown, fail: Fail): ManifestAudit {
  const fields = jsonObject(value, 'audit', fail, ['policy', 'allow'])
  const policy = stringField(fields, 'policy', true)
  if (policy !== undefined && !isPolicyPath(policy) && !isPresetLike(policy))
    fail('audit.policy', 'must be strict, default, permissive or a relative path in the project')
  const allow = parseAllowEntries(fields.record['allow'], 'audit.allow', fail)
  return { ...(policy === undefined ? {} : { policy }), allow }
}

/**
 * Allow entries, checked strictly: each exactly `{ rule, skill, integrity, reason }`, `rule` a rule
 * id (`SKA-XXX-000`), `skill` a skill name, `integrity` a `sha512-` content digest (so a new
 * version is judged afresh), `reason` required (at most 1,000 characters); no entry twice.
 */
export function parseAllowEntries(value: unknown, field: string, fail: Fail): AllowEntry[] {
  if (value === undefined) return []
  if (!Array.isArray(value)) return fail(field, 'must be an array of allow entries')
  const items: unknown[] = value
  if (items.length > maxAllowEntries) fail(field, `holds more than ${maxAllowEntries} entries`)
  const seen = new Set<string>()
  return items.map((item, index) => {
    const at = `${field}[${index}]`
    const entry = jsonObject(item, at, fail, ['rule', 'skill', 'integrity', 'reason'])
    const rule = stringField(entry, 'rule')
    const skill = stringField(entry, 'skill')
    const integrity = stringField(entry, 'integrity')
    const reason = stringField(entry, 'reason')
    if (!ruleIdPattern.test(rule)) fail(fieldPath(at, 'rule'), 'must be a rule id like SKA-RCE-001')
    if (!isSkillName(skill)) fail(fieldPath(at, 'skill'), 'is not a valid skill name')
    if (!isSha512Integrity(integrity))
      fail(fieldPath(at, 'integrity'), "must be the skill's sha512- content digest")
    if (reason.length > maxReasonLength)
      fail(fieldPath(at, 'reason'), `is longer than ${maxReasonLength} characters`)
    const key = `${rule}\n${skill}\n${integrity}`
    if (seen.has(key)) fail(at, 'repeats an earlier entry')
    seen.add(key)
    return { rule, skill, integrity, reason }
  })
}

// A preset name; anything else that looks like a bare word is a typo, not a file.
function isPresetLike(policy: string): boolean {
  return policy === 'strict' || policy === 'default' || policy === 'permissive'
}

/** A relative POSIX path without `..`, empty or `.` segments, backslashes or control characters. */
export function isPolicyPath(policy: string): boolean {
  if (policy.length > maxPolicyPathLength || policy.startsWith('/')) return false
  if (!policy.includes('/') && !policy.includes('.')) return false
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (/[\\\u0000-\u001f\u007f]/.test(policy) || /^[a-z]:/i.test(policy)) return false
  return policy.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')
}
