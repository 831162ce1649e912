import { fieldPath, jsonObject, stringField } from '../json/json-object.js'
import { isHttpUrl } from '../lockfile/parse-locked-source.js'
import { parseTrustPolicy } from '../trust/parse-trust-policy.js'
import type { TrustPolicy } from '../trust/trust-policy.js'
import { isSkillName } from './is-skill-name.js'
import { manifestInvalid } from './manifest-errors.js'
import type { Manifest } from './manifest-schema.js'
import { parseAuditSection } from './parse-audit-section.js'

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
