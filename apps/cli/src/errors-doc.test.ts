import { readFileSync } from 'node:fs'
import { AuditErrorCode } from '@skillship/audit/errors'
import { targetProfiles } from '@skillship/core'
import { SkillErrorCode } from '@skillship/core/errors'
import { InstallErrorCode, RuntimeErrorCode } from '@skillship/installer/errors'
import { ExperimentErrorCode, RegistryErrorCode, ServeErrorCode } from '@skillship/registry-client'
import { SignatureErrorCode } from '@skillship/signing/errors'
import { describe, expect, it } from 'vitest'
import { CliErrorCode } from './cli-error-codes.js'
import { exitCodeFor } from './exit-codes.js'

interface DocRow {
  readonly code: string
  readonly severity: string
  readonly exit: number
}

function readDocRows(): DocRow[] {
  const text = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8')
  return [...text.matchAll(/^\| `([A-Z0-9_]+)` \| (\w+) \| (\d) \|/gm)].map((m) => ({
    code: m[1] ?? '',
    severity: m[2] ?? '',
    exit: Number(m[3]),
  }))
}

const codeTables = {
  SkillErrorCode,
  AuditErrorCode,
  RegistryErrorCode,
  InstallErrorCode,
  RuntimeErrorCode,
  ServeErrorCode,
  ExperimentErrorCode,
  SignatureErrorCode,
  CliErrorCode,
}
const allCodes = Object.values(codeTables).flatMap((table) => Object.values(table) as string[])

describe('docs/errors.md', () => {
  const rows = readDocRows()

  it('documents every code exactly once, and nothing else', () => {
    expect(rows.map((r) => r.code).sort()).toEqual([...allCodes].sort())
  })

  it('uses each code once across all tables', () => {
    expect(new Set(allCodes).size).toBe(allCodes.length)
  })

  it('gives each code the severity of the generic profile', () => {
    for (const row of rows.filter((r) => r.code.startsWith('SKILL_'))) {
      const severity = targetProfiles.generic.severities[row.code as SkillErrorCode] ?? 'error'
      expect({ code: row.code, severity: row.severity }).toEqual({ code: row.code, severity })
    }
  })

  it('gives each failing code the exit code the CLI uses', () => {
    for (const row of rows.filter((r) => r.severity !== 'info')) {
      expect({ code: row.code, exit: row.exit }).toEqual({
        code: row.code,
        exit: exitCodeFor(row.code),
      })
    }
  })
})
