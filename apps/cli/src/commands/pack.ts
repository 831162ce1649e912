import { resolve } from 'node:path'
import { isTargetId, targetIds } from '@skillship/core'
import { SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { loadSkill, packSkill } from '@skillship/core/node'
import { writeFileAtomic } from '@skillship/core/write-file-atomic'
import { computeSkillDigest } from '@skillship/signing'
import { CliErrorCode, usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { ExitCode } from '../exit-codes.js'
import { renderLintReport } from '../output/render-lint-report.js'
import { renderPackReport } from '../output/render-pack-report.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { summarizeLint } from './lint-summary.js'

const usage = `Usage: skillship pack <dir> [-o file] [--version V] [--target T] [--json]

Packs a skill folder into a deterministic .tgz: sorted entries under a folder named after the
skill, fixed times and owners, modes 0644/0755, no extra metadata. The same skill gives the same
bytes and the same sha512 integrity on every machine; the skill digest (docs/signing.md) names
the files whatever the packaging. The skill is linted first (--target, default
generic); a skill with errors is not packed.

Options:
  -o, --output FILE   where to write (default: <name>-<version>.tgz in the current folder)
  --version V         the version to pack as (default: metadata.version); must be semver
  --json              print one JSON object`

export const packCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    output: { type: 'string', short: 'o' },
    version: { type: 'string' },
    target: { type: 'string' },
  })
  if (positionals.length !== 1) throw usageError('pack takes exactly one skill folder')
  const target = values.target ?? 'generic'
  if (!isTargetId(target))
    throw usageError(`Unknown target '${target}'`, `Use one of: ${targetIds.join(', ')}.`)
  const dir = resolve(io.cwd, positionals[0] ?? '.')
  const skill = await loadSkill(dir, { target })
  const issues = skill.validation.issues
  if (!skill.validation.ok) {
    const linted = [
      {
        path: dir,
        kind: 'directory' as const,
        name: skill.validation.properties?.name,
        ok: false,
        issues,
        fixed: [],
      },
    ]
    return {
      exitCode: ExitCode.Failed,
      data: { path: dir, issues },
      text: [
        ...renderLintReport(linted, {
          summary: summarizeLint(linted, 1),
          strict: false,
          cwd: io.cwd,
          color: io.color,
        }),
        'Not packed: fix the errors above first.',
      ],
      errors: [
        {
          code: SkillErrorCode.Invalid,
          message: `${dir} is not a valid skill`,
          hint: 'Run `skillship lint` and fix the errors.',
          path: dir,
        },
      ],
    }
  }
  const packed = await packSkill(
    skill,
    values.version === undefined ? {} : { version: values.version },
  )
  const fileName =
    packed.version === undefined ? `${packed.name}.tgz` : `${packed.name}-${packed.version}.tgz`
  const file = resolve(io.cwd, values.output ?? fileName)
  await writeOutput(file, packed.tarball)
  const { tarball: _bytes, ...summary } = packed
  const skillDigest = computeSkillDigest(packed.files)
  return {
    exitCode: ExitCode.Ok,
    data: { ...summary, skillDigest, file, fileCount: packed.files.length, issues },
    text: renderPackReport(packed, { file, cwd: io.cwd, color: io.color, issues, skillDigest }),
    errors: [],
  }
}

async function writeOutput(file: string, bytes: Uint8Array): Promise<void> {
  try {
    await writeFileAtomic(file, bytes)
  } catch (error) {
    throw new SkillshipError(CliErrorCode.WriteFailed, `Cannot write ${file}`, {
      hint: 'Check that the folder exists and is writable.',
      cause: error,
      path: file,
    })
  }
}
