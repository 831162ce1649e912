import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import { errnoCode, SkillErrorCode, SkillshipError } from '@skillship/core/errors'
import { computeIntegrity } from '@skillship/core/integrity'
import { type LintedSkill, lintPath, loadSkill, packSkill } from '@skillship/core/node'
import { RegistryErrorCode } from '@skillship/registry-client/errors'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { renderLintReport } from '../output/render-lint-report.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { summarizeLint } from './lint-summary.js'

const usage = `Usage: skillship publish [dir|file.tgz] [--tag T] [--version V] [--access public|private] [--registry URL] [--dry-run] [--json]

Publishes a skill folder (linted and packed deterministically first) or a .tgz (linted after a safe
unpack) to the registry. The version comes from SKILL.md metadata.version or --version (semver).
A skill with lint errors is not sent. --dry-run lints and packs, and shows what would be uploaded
(name, version, files, sizes, integrity) without contacting the registry.`

export const publishCommand: Command = { usage, run }

interface Prepared {
  readonly name: string
  readonly tarball: Uint8Array
  readonly linted: LintedSkill
  /** From packing a folder: the version it would carry and its files; a .tgz is sent as it is. */
  readonly version?: string | undefined
  readonly files?: readonly { readonly path: string; readonly size: number }[]
}

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, {
    tag: { type: 'string' },
    version: { type: 'string' },
    access: { type: 'string' },
    registry: { type: 'string' },
    'dry-run': { type: 'boolean' },
  })
  if (positionals.length > 1) throw usageError('publish takes one skill folder or .tgz')
  const access = values.access ?? 'public'
  if (access !== 'public' && access !== 'private')
    throw usageError(`--access must be public or private, not '${access}'`)
  const prepared = await prepare(resolve(io.cwd, positionals[0] ?? '.'), values.version)
  if (!prepared.linted.ok) return refused(prepared.linted, io)
  if (values['dry-run'] === true) return dryRun(prepared, values.version, access)
  const { client, target } = await openRegistry(io, values.registry, { needsToken: true })
  const published = await client.publish(prepared.name, prepared.tarball, {
    access,
    integrity: computeIntegrity(prepared.tarball),
    ...(values.tag === undefined ? {} : { tag: values.tag }),
    ...(values.version === undefined ? {} : { version: values.version }),
  })
  return {
    exitCode: ExitCode.Ok,
    data: { registry: target.registry, ...published, size: prepared.tarball.byteLength },
    text: [
      `published ${published.name}@${published.version} to ${target.registry}`,
      `    integrity  ${published.integrity}`,
      `    dist-tags  ${Object.entries(published.distTags)
        .map(([t, v]) => `${t}: ${v}`)
        .join(', ')}`,
    ],
    errors: [],
  }
}

async function prepare(path: string, version: string | undefined): Promise<Prepared> {
  if ((await statOrMissing(path)).isFile()) {
    const [linted] = await lintPath(path)
    if (!linted) throw usageError(`${path} holds no skill`)
    return { name: linted.name ?? '', tarball: await readFile(path), linted }
  }
  const skill = await loadSkill(path)
  const { validation } = skill
  const linted: LintedSkill = {
    path,
    kind: 'directory',
    name: validation.properties?.name,
    ok: validation.ok,
    issues: validation.issues,
    fixed: [],
  }
  if (!validation.ok) return { name: '', tarball: new Uint8Array(), linted }
  const packed = await packSkill(skill, version === undefined ? {} : { version })
  const files = packed.files.map(({ path, size }) => ({ path, size }))
  return { name: packed.name, tarball: packed.tarball, linted, version: packed.version, files }
}

// What a publish would send, computed exactly as the publish computes it; nothing leaves the machine.
function dryRun(
  prepared: Prepared,
  flagVersion: string | undefined,
  access: string,
): CommandResult {
  const version = prepared.version ?? flagVersion
  // A folder without a version would be refused by the registry (422): say so now.
  if (prepared.files !== undefined && version === undefined) {
    throw new SkillshipError(RegistryErrorCode.VersionInvalid, `${prepared.name} has no version`, {
      hint: 'Set metadata.version in SKILL.md (e.g. "1.0.0") or publish with --version.',
      path: prepared.linted.path,
    })
  }
  const integrity = computeIntegrity(prepared.tarball)
  const size = prepared.tarball.byteLength
  const files = prepared.files ?? []
  return {
    exitCode: ExitCode.Ok,
    data: {
      dryRun: true,
      name: prepared.name,
      version: version ?? null,
      access,
      integrity,
      size,
      files,
    },
    text: [
      `would publish ${prepared.name}@${version ?? '(the version in the archive)'} (${access}, dry run: nothing sent)`,
      ...files.map((file) => `    ${String(file.size).padStart(8)}  ${file.path}`),
      `    tarball    ${size} bytes`,
      `    integrity  ${integrity}`,
    ],
    errors: [],
  }
}

function refused(linted: LintedSkill, io: CliIo): CommandResult {
  return {
    exitCode: ExitCode.Failed,
    data: { path: linted.path, issues: linted.issues },
    text: [
      ...renderLintReport([linted], {
        summary: summarizeLint([linted], 1),
        strict: false,
        cwd: io.cwd,
        color: io.color,
      }),
      'Not published: fix the errors above first.',
    ],
    errors: [
      {
        code: SkillErrorCode.Invalid,
        message: `${linted.path} is not a valid skill`,
        hint: 'Run `skillship lint` and fix the errors.',
        path: linted.path,
      },
    ],
  }
}

async function statOrMissing(path: string) {
  try {
    return await stat(path)
  } catch (error) {
    if (errnoCode(error) !== 'ENOENT') throw error
    throw new SkillshipError(SkillErrorCode.PathNotFound, `Path does not exist: ${path}`, {
      hint: 'Check the path.',
      path,
    })
  }
}
