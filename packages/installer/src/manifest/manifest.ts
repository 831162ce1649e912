import type { AllowEntry } from '@skillship/audit'
import { SkillshipError } from '@skillship/core/errors'
import { compareText } from '@skillship/core/plain-data'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { InstallErrorCode } from '../errors/install-error-codes.js'
import {
  fieldPath,
  isHttpUrl,
  isSha512Integrity,
  isSkillName,
  jsonObject,
  readTextIfExists,
  stringField,
} from '../shared/helpers.js'
import { parseTrustPolicy } from '../trust/parse-trust-policy.js'
import type { TrustPolicy } from '../trust/trust-policy.js'

/**
 * Reads skillship.json at `path`: undefined when there is no such file (the caller decides
 * whether that is INSTALL_MANIFEST_MISSING); INSTALL_MANIFEST_INVALID naming the field when the
 * content is not valid. Defaults applied: `agents` ["qoder"], `skills` {}.
 */
export async function readManifest(path: string): Promise<Manifest | undefined> {
  const text = await readTextIfExists(path)
  return text === undefined ? undefined : parseManifest(text, path)
}

/** Agents that get the skills when skillship.json names none. */
export const defaultAgents: readonly string[] = ['qoder']

type Fail = (field: string, problem: string) => never

/**
 * Parses skillship.json text (`path` is for messages). Checks the known fields and leaves other
 * top-level keys alone (writeManifest keeps them): `registry` an http(s) URL, `agents` a non-empty
 * list of distinct ids (default ["qoder"]), `skills` a map from valid skill names (lowercase a-z0-9
 * and single hyphens) to non-empty specs (default {}), `allowScripts` distinct skill names, `audit`
 * as parseAuditSection checks it.
 * Throws INSTALL_MANIFEST_INVALID naming the field.
 */
export function parseManifest(text: string, path: string): Manifest {
  const fail = (field: string, problem: string): never => {
    throw manifestInvalid(path, field, problem)
  }
  const fields = jsonObject(parseJson(text, path), '', fail)
  const registry = stringField(fields, 'registry', true)
  if (registry !== undefined && !isHttpUrl(registry)) fail('registry', 'must be an http(s) URL')
  const agents = parseList(fields.record['agents'], 'agents', fail) ?? defaultAgents
  if (agents.length === 0) fail('agents', 'must name at least one agent')
  const allowScripts = parseList(fields.record['allowScripts'], 'allowScripts', fail)
  const badScript = allowScripts?.findIndex((name) => !isSkillName(name)) ?? -1
  if (badScript !== -1) fail(`allowScripts[${badScript}]`, 'is not a valid skill name')
  const audit = fields.record['audit']
  return {
    ...(registry === undefined ? {} : { registry }),
    agents,
    skills: parseSkills(fields.record['skills'], fail),
    ...(allowScripts === undefined ? {} : { allowScripts }),
    ...(audit === undefined ? {} : { audit: parseAuditSection(audit, fail) }),
    ...trustField(parseTrustPolicy(fields.record['trust'], fail)),
  }
}

/** The JSON value of a skillship.json text; INSTALL_MANIFEST_INVALID when it is not JSON. */
export function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw manifestInvalid(path, '(root)', 'is not valid JSON', error)
  }
}

function trustField(trust: TrustPolicy | undefined): { trust?: TrustPolicy } {
  return trust === undefined ? {} : { trust }
}

function parseSkills(value: unknown, fail: Fail): Readonly<Record<string, string>> {
  if (value === undefined) return {}
  const skills = jsonObject(value, 'skills', fail)
  for (const name of Object.keys(skills.record)) {
    if (!isSkillName(name)) fail(fieldPath('skills', name), 'is not a valid skill name')
    stringField(skills, name)
  }
  return skills.record as Readonly<Record<string, string>>
}

function parseList(value: unknown, field: string, fail: Fail): readonly string[] | undefined {
  if (value === undefined) return undefined
  if (!Array.isArray(value)) return fail(field, 'must be an array of strings')
  const items: unknown[] = value
  items.forEach((item, index) => {
    if (typeof item !== 'string' || item.trim() === '')
      fail(`${field}[${index}]`, 'must be a non-empty string')
    if (items.indexOf(item) !== index) fail(`${field}[${index}]`, 'is listed twice')
  })
  return items as string[]
}

/** INSTALL_MANIFEST_INVALID naming the file and the field (`skills.PDF`, `agents[1]`). */
export function manifestInvalid(
  path: string,
  field: string,
  problem: string,
  cause?: unknown,
): SkillshipError {
  return new SkillshipError(InstallErrorCode.ManifestInvalid, `${path}: ${field} ${problem}`, {
    path,
    details: { field },
    hint: 'Fix skillship.json by hand; see docs/lockfile.md for its fields.',
    ...(cause === undefined ? {} : { cause }),
  })
}

/** skillship.json: what a project wants installed, where. */
export interface Manifest {
  /** Registry URL for registry specs; else the CLI's configured default. */
  readonly registry?: string
  /** Agent ids (see agent-targets) whose folders get the skills; default ["qoder"]. */
  readonly agents: readonly string[]
  /** Skill name -> spec (a semver range or dist-tag for the registry, or file:/git+/archive specs). */
  readonly skills: Readonly<Record<string, string>>
  /** Skills allowed to run install scripts in their runtime environment (issue 5). */
  readonly allowScripts?: readonly string[]
  /** Who may sign which skills, and what is verified at install (docs/signing.md). */
  readonly trust?: TrustPolicy
  /** The project's audit policy (issue 17): what the install gate blocks, and its exceptions. */
  readonly audit?: ManifestAudit
}

/**
 * skillship.json's `audit` section: `policy` is a preset or a relative policy file in the project
 * (default: the default preset); `allow` are the consumer's exceptions, each bound to one skill's
 * content digest. Skills never contribute to it: only the project's own files are read.
 */
export interface ManifestAudit {
  readonly policy?: string
  readonly allow: readonly AllowEntry[]
}

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

/**
 * Writes skillship.json atomically as a read-modify-write of the file on disk: keys users added
 * stay, in their place; the known fields take the values of `manifest` (an undefined `registry` or
 * `allowScripts` removes the key); `skills` keys are sorted; `agents` is left out when the file
 * had no `agents` and the value is the default. 2-space JSON with a trailing newline. Returns
 * false, without writing, when nothing changes. Refuses to overwrite a file that is not a JSON
 * object (INSTALL_MANIFEST_INVALID): its content would be lost.
 */
export async function writeManifest(path: string, manifest: Manifest): Promise<boolean> {
  const existing = await readExisting(path)
  const keepDefault =
    existing !== undefined && !('agents' in existing) && isDefault(manifest.agents)
  const known = new Map<string, unknown>([
    ['registry', manifest.registry],
    ['agents', keepDefault ? undefined : [...manifest.agents]],
    ['skills', sortKeys(manifest.skills)],
    [
      'allowScripts',
      manifest.allowScripts === undefined ? undefined : [...manifest.allowScripts].sort(),
    ],
  ])
  const merged = new Map<string, unknown>()
  for (const [key, value] of Object.entries(existing ?? {})) {
    merged.set(key, known.has(key) ? known.get(key) : value)
  }
  for (const [key, value] of known) if (!merged.has(key)) merged.set(key, value)
  // fromEntries defines own properties, so even a "__proto__" key a user wrote survives as data.
  return writeFileAtomic(path, `${JSON.stringify(Object.fromEntries(merged), null, 2)}\n`, {
    skipIfEqual: true,
  })
}

async function readExisting(path: string): Promise<Readonly<Record<string, unknown>> | undefined> {
  const text = await readTextIfExists(path)
  if (text === undefined) return undefined
  const fail = (field: string, problem: string): never => {
    throw manifestInvalid(path, field, problem)
  }
  return jsonObject(parseJson(text, path), '', fail).record
}

function isDefault(agents: readonly string[]): boolean {
  return agents.length === defaultAgents.length && agents.every((id, i) => id === defaultAgents[i])
}

function sortKeys(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => compareText(a, b)))
}
