import { readFileSync, statSync } from 'node:fs'
import { relative, resolve, sep } from 'node:path'
import {
  AuditErrorCode,
  type AuditPolicy,
  auditSkill,
  capabilityManifest,
  diffManifests,
  judge,
  parsePolicy,
  presets,
  toSarif,
} from '@skillship/audit'
import {
  findSkillFolders,
  readSkillArchive,
  readSkillFolder,
  type SkillOnDisk,
  skillDigest,
} from '@skillship/audit/node'
import { SkillshipError } from '@skillship/core/errors'
import { usageError } from '../cli-error-codes.js'
import type { CliErrorEntry, CliIo, Command, CommandResult } from '../command.js'
import { ExitCode } from '../exit-codes.js'
import {
  type AuditedSkill,
  renderAuditReport,
  renderManifestDiff,
} from '../output/render-audit-report.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { isRegistrySpec, type RegistrySkill } from './audit-registry-skill.js'

const usage = `Usage: skillship audit [paths|name@range...] [--policy strict|default|permissive|FILE] [--format text|json|sarif] [--diff A B] [--registry URL] [--json]

Looks at everything a skill says and does before an agent runs it: instructions, hidden text,
encoded blobs, scripts, manifests and configs, against a versioned rule pack. A path is a skill
folder, a SKILL.md, a folder of skills, or a .tgz/.zip archive; name, name@range, name@version or
name@tag (not an existing path) is a registry skill, downloaded and checked against its integrity.
Default path: the current folder. Each skill's content digest ("integrity" in --json) is what an
allow entry binds to. A pass means "no known pattern found", not "safe".

Options:
  --policy P   strict, default or permissive, or a JSON file ({ preset, allow } or a skillship.json
               with an "audit" section). Default: ./skillship.json's audit section (as the install
               gate reads it), else default.
  --registry U the registry for name@range (default: the configured one)
  --format F   text (default), json, or sarif (SARIF 2.1.0 for code scanning)
  --diff A B   compare the capability manifests of two versions of a skill
  --json       same as --format json

Exit codes: 0 pass or warn, 5 block, 1 incomplete (a work budget ran out), 2 usage.`

export const auditCommand: Command = { usage, run }

const maxPolicyBytes = 1024 * 1024

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    policy: { type: 'string' },
    format: { type: 'string' },
    diff: { type: 'boolean' },
    registry: { type: 'string' },
  })
  const format = values.json === true ? 'json' : (values.format ?? 'text')
  if (format !== 'text' && format !== 'json' && format !== 'sarif')
    throw usageError(`Unknown format '${format}'`, 'Use text, json or sarif.')
  const paths = positionals.length > 0 ? positionals : ['.']
  if (values.diff === true) return diff(paths, io)
  const loaded: LoadedSkill[] = []
  for (const path of paths) loaded.push(...(await readInput(path, io, values.registry)))
  const policy = await readPolicy(values.policy, io, loaded)
  const skills: AuditedSkill[] = loaded.map((skill) => {
    const report = auditSkill(skill.files)
    const digest = skillDigest(skill.files)
    return {
      path: 'registryAudit' in skill ? skill.root : displayPath(io.cwd, skill.root),
      report,
      judgement: judge(report, policy, digest),
      digest,
      ...('registryAudit' in skill && skill.registryAudit !== undefined
        ? { registryAudit: skill.registryAudit }
        : {}),
    }
  })
  const exitCode = exitFor(skills, policy)
  const errors = skills.flatMap((s): CliErrorEntry[] => [
    ...(s.judgement.verdict === 'block' && !onlyIncomplete(s)
      ? [
          {
            code: AuditErrorCode.Blocked,
            message: `${s.report.skill} is blocked by the ${policy.preset} policy`,
            path: s.path,
          },
        ]
      : []),
    ...(s.judgement.incomplete
      ? [
          {
            code: AuditErrorCode.Incomplete,
            message: `${s.report.skill}: ${s.report.incompleteReasons.join('; ')}`,
            path: s.path,
          },
        ]
      : []),
  ])
  const text =
    format === 'sarif'
      ? [
          JSON.stringify(
            toSarif(
              skills.map((s) => ({
                report: s.report,
                judgement: s.judgement,
                root: s.path === '.' ? '' : s.path,
              })),
            ),
            null,
            2,
          ),
        ]
      : renderAuditReport(skills, io.color)
  return { exitCode, data: jsonData(skills, policy), text, errors }
}

function jsonData(skills: readonly AuditedSkill[], policy: AuditPolicy): Record<string, unknown> {
  const perSkill = skills.map((s) => ({
    ok: s.judgement.verdict !== 'block',
    skill: s.report.skill,
    path: s.path,
    verdict: s.judgement.verdict,
    integrity: s.digest,
    ...(s.registryAudit === undefined ? {} : { registryAudit: s.registryAudit }),
    findings: s.judgement.findings,
    capabilities: s.report.capabilities,
    manifest: capabilityManifest(s.report),
    incomplete: s.report.incomplete,
    incompleteReasons: s.report.incompleteReasons,
    rulePackVersion: s.report.rulePackVersion,
  }))
  const worst = perSkill.some((s) => s.verdict === 'block')
    ? 'block'
    : perSkill.some((s) => s.verdict === 'warn')
      ? 'warn'
      : 'pass'
  const single = perSkill.length === 1 ? perSkill[0] : undefined
  return {
    policy: policy.preset,
    verdict: worst,
    incomplete: perSkill.some((s) => s.incomplete),
    ...(single === undefined
      ? {}
      : { findings: single.findings, capabilities: single.capabilities }),
    skills: perSkill,
  }
}

function onlyIncomplete(s: AuditedSkill): boolean {
  return s.judgement.incomplete && !s.judgement.findings.some((f) => f.action === 'block')
}

function exitFor(skills: readonly AuditedSkill[], policy: AuditPolicy): ExitCode {
  if (skills.some((s) => s.judgement.findings.some((f) => f.action === 'block')))
    return ExitCode.Security
  if (skills.some((s) => s.judgement.incomplete) && presets[policy.preset].incomplete === 'block')
    return ExitCode.Failed
  return ExitCode.Ok
}

type LoadedSkill = SkillOnDisk | RegistrySkill

// A path when it exists (or does not read as a registry spec), else a registry skill.
async function readInput(
  input: string,
  io: CliIo,
  registry: string | undefined,
): Promise<LoadedSkill[]> {
  const abs = resolve(io.cwd, input)
  if (statSync(abs, { throwIfNoEntry: false }) === undefined && isRegistrySpec(input)) {
    const { readRegistrySkill } = await import('./audit-registry-skill.js')
    return [await readRegistrySkill(input, io, registry)]
  }
  return readPath(abs)
}

async function readPath(abs: string): Promise<SkillOnDisk[]> {
  const info = statSync(abs, { throwIfNoEntry: false })
  if (info?.isFile() && /\.(?:tgz|tar\.gz|zip)$/i.test(abs)) return [await readSkillArchive(abs)]
  return findSkillFolders(abs).map((dir) => readSkillFolder(dir))
}

/**
 * The consumer's policy: --policy, else the current folder's skillship.json `audit` section, but
 * never a file inside a skill being audited (a skill cannot suppress its own findings).
 */
async function readPolicy(
  option: string | undefined,
  io: CliIo,
  skills: readonly SkillOnDisk[],
): Promise<AuditPolicy> {
  if (option !== undefined && ['strict', 'default', 'permissive'].includes(option))
    return parsePolicy(option)
  const file = option === undefined ? resolve(io.cwd, 'skillship.json') : resolve(io.cwd, option)
  if (option === undefined) {
    const inside = skills.some(
      (s) =>
        file === resolve(s.root, 'skillship.json') || file.startsWith(`${resolve(s.root)}${sep}`),
    )
    if (inside || statSync(file, { throwIfNoEntry: false })?.isFile() !== true)
      return parsePolicy('default')
  } else if (skills.some((s) => file.startsWith(`${resolve(s.root)}${sep}`))) {
    throw policyError(
      `The policy file ${option} is inside a skill being audited; a skill cannot set its own policy`,
    )
  }
  if (option === undefined) {
    const { readProjectAuditPolicy } = await import('@skillship/installer/audit-policy')
    return (await readProjectAuditPolicy(io.cwd)) ?? parsePolicy('default')
  }
  return parsePolicy(readPolicyJson(file, option))
}

/** The policy file's JSON, bounded by `maxPolicyBytes`; `option` names it in errors. */
function readPolicyJson(file: string, option: string | undefined): unknown {
  const info = statSync(file, { throwIfNoEntry: false })
  if (info?.isFile() !== true) throw policyError(`Policy file not found: ${option}`)
  if (info.size > maxPolicyBytes) throw policyError(`Policy file ${option} is over 1 MiB`)
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw error
    throw policyError(`Policy file ${option ?? 'skillship.json'} is not valid JSON`, error)
  }
}

function policyError(message: string, cause?: unknown): SkillshipError {
  return new SkillshipError(AuditErrorCode.PolicyInvalid, message, {
    hint: 'Pass --policy strict|default|permissive or a JSON policy file.',
    cause,
  })
}

async function diff(paths: readonly string[], io: CliIo): Promise<CommandResult> {
  if (paths.length !== 2) throw usageError('--diff takes exactly two paths (A B)')
  const [a, b] = await Promise.all(paths.map(async (p) => readPath(resolve(io.cwd, p))))
  if (a?.length !== 1 || b?.length !== 1) throw usageError('--diff compares two single skills')
  const before = capabilityManifest(auditSkill((a[0] as SkillOnDisk).files))
  const after = capabilityManifest(auditSkill((b[0] as SkillOnDisk).files))
  const changes = diffManifests(before, after)
  return {
    exitCode: ExitCode.Ok,
    data: { diff: changes, before, after },
    text: renderManifestDiff(changes, io.color),
    errors: [],
  }
}

function displayPath(cwd: string, root: string): string {
  const rel = relative(cwd, root)
  return rel === '' ? '.' : rel.startsWith('..') ? root : rel.split(sep).join('/')
}
