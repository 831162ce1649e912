import { open, realpath } from 'node:fs/promises'
import { join, relative, sep } from 'node:path'
import { AuditErrorCode } from '@skillship/audit/errors'
import { type AuditPolicy, type PresetName, presetNames } from '@skillship/audit/policy'
import { SkillshipError } from '@skillship/core/errors'
import type { ManifestAudit } from '../manifest/manifest.js'
import { parseAllowEntries, readManifest } from '../manifest/manifest.js'
import { jsonObject, stringField } from '../shared/helpers.js'

const maxPolicyFileBytes = 1024 * 1024

/**
 * The project's audit policy from skillship.json's `audit` section: its preset (default:
 * `default`) and allow entries, or, when `policy` names a file, that file's `{ preset, allow }`
 * plus the section's own allow entries. The file must resolve (links included) inside
 * `projectRoot` and be at most 1 MiB; anything else is AUDIT_POLICY_INVALID. Only the project's
 * files are read here, never a skill's: a skill cannot suppress its own findings.
 */
export async function projectAuditPolicy(
  projectRoot: string,
  audit: ManifestAudit | undefined,
): Promise<AuditPolicy> {
  const policy = audit?.policy ?? 'default'
  const allow = audit?.allow ?? []
  if (isPreset(policy)) return { preset: policy, allow }
  const file = await readPolicyFile(projectRoot, policy)
  return { preset: file.preset, allow: [...file.allow, ...allow] }
}

/**
 * The policy of the project at `projectRoot` when its skillship.json has an `audit` section, else
 * undefined (no file, or no section). `skillship audit` judges with it, as the install gate does.
 */
export async function readProjectAuditPolicy(
  projectRoot: string,
): Promise<AuditPolicy | undefined> {
  const manifest = await readManifest(join(projectRoot, 'skillship.json'))
  if (manifest?.audit === undefined) return undefined
  return projectAuditPolicy(projectRoot, manifest.audit)
}

async function readPolicyFile(projectRoot: string, path: string): Promise<AuditPolicy> {
  const fail = (field: string, problem: string): never => {
    throw policyInvalid(path, `${field} ${problem}`)
  }
  const text = await readInsideProject(projectRoot, path)
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw policyInvalid(path, 'is not valid JSON', error)
  }
  const fields = jsonObject(value, '', fail, ['preset', 'allow'])
  const preset = stringField(fields, 'preset')
  if (!isPreset(preset)) fail('preset', 'must be strict, default or permissive')
  return {
    preset: preset as PresetName,
    allow: parseAllowEntries(fields.record['allow'], 'allow', fail),
  }
}

// The file's text when its real path lies inside the project's real path; at most 1 MiB read.
async function readInsideProject(projectRoot: string, path: string): Promise<string> {
  let real: string
  try {
    real = await realpath(join(projectRoot, path))
  } catch (error) {
    throw policyInvalid(path, 'cannot be read', error)
  }
  const inside = relative(await realpath(projectRoot), real)
  if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || inside.startsWith(sep))
    throw policyInvalid(path, 'lies outside the project')
  const handle = await open(real, 'r')
  try {
    if (!(await handle.stat()).isFile()) throw policyInvalid(path, 'is not a file')
    const buffer = Buffer.alloc(maxPolicyFileBytes + 1)
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
    if (bytesRead > maxPolicyFileBytes) throw policyInvalid(path, 'is over 1 MiB')
    return buffer.subarray(0, bytesRead).toString('utf8')
  } finally {
    await handle.close()
  }
}

function isPreset(name: string): name is PresetName {
  return (presetNames as readonly string[]).includes(name)
}

function policyInvalid(path: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(AuditErrorCode.PolicyInvalid, `Audit policy file ${path} ${problem}`, {
    hint: 'skillship.json audit.policy: a preset or a JSON file in the project { "preset": ..., "allow": [...] }.',
    path,
    ...(cause === undefined ? {} : { cause }),
  })
}
