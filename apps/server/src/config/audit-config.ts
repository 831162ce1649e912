import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { type AuditPolicy, parsePolicy, presetNames, rulePack } from '@skillship/audit'
import { applySiteRules, type RulePack } from '@skillship/audit/node'
import { SkillshipError } from '@skillship/core'
import { RegistryErrorCode } from '@skillship/registry-client'
import { whole } from './serve-config.js'

/** How the registry audits uploads (docs/audit.md, "The registry's gates"). */
export interface AuditConfig {
  /** The publish policy: a preset, or a policy file's preset and allow entries. */
  readonly policy: AuditPolicy
  /** The rule pack: the shipped one, plus the operator's site rules when configured. */
  readonly pack: RulePack
  /** Worker threads judging uploads (each audits one skill at a time). */
  readonly workers: number
  /** Uploads waiting for a worker; one more is answered 503 SERVE_BUSY. */
  readonly queue: number
}

// A policy or site-rules file larger than this is not a policy file.
const maxFileBytes = 4 * 1024 * 1024

/**
 * Reads `SKILLSHIP_AUDIT_POLICY` (strict, default or permissive, or a policy file's path; default
 * `default`), `SKILLSHIP_AUDIT_RULES` (a site-rules file's path; none by default),
 * `SKILLSHIP_AUDIT_WORKERS` (1..16, default 1) and `SKILLSHIP_AUDIT_QUEUE` (0..1000, default 16).
 * Files are read now, relative to `cwd`. Throws REGISTRY_CONFIG_INVALID naming the variable
 * (SERVE_CONFIG_INVALID for the pool bounds, as for the other serving numbers).
 */
export function parseAuditConfig(
  env: Readonly<Record<string, string | undefined>>,
  cwd = process.cwd(),
): AuditConfig {
  const policyRaw = env['SKILLSHIP_AUDIT_POLICY']?.trim() || 'default'
  const policy = guard('SKILLSHIP_AUDIT_POLICY', () =>
    (presetNames as readonly string[]).includes(policyRaw)
      ? parsePolicy(policyRaw)
      : parsePolicy(readJson(resolve(cwd, policyRaw))),
  )
  const rulesPath = env['SKILLSHIP_AUDIT_RULES']?.trim()
  const pack =
    rulesPath === undefined || rulesPath === ''
      ? rulePack
      : guard('SKILLSHIP_AUDIT_RULES', () =>
          applySiteRules(rulePack, readJson(resolve(cwd, rulesPath))),
        )
  return {
    policy,
    pack,
    workers: whole(env, 'SKILLSHIP_AUDIT_WORKERS', 1, 16, 1),
    queue: whole(env, 'SKILLSHIP_AUDIT_QUEUE', 0, 1000, 16),
  }
}

function readJson(path: string): unknown {
  const text = readFileSync(path, 'utf8')
  if (text.length > maxFileBytes) throw new RangeError(`${path} is over ${maxFileBytes} bytes`)
  return JSON.parse(text) as unknown
}

function guard<T>(name: string, read: () => T): T {
  try {
    return read()
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error)
    throw invalid(name, `is not usable: ${detail}`, error)
  }
}

function invalid(name: string, problem: string, cause?: unknown): SkillshipError {
  return new SkillshipError(RegistryErrorCode.ConfigInvalid, `${name} ${problem}`, {
    hint: `Fix ${name} (docs/audit.md) and start again.`,
    ...(cause === undefined ? {} : { cause }),
  })
}
