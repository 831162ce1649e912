import { SkillshipError } from '@skillship/core/errors'
import { RegistryErrorCode, resolveVersion } from '@skillship/registry-client'
import { computeSkillDigest } from '@skillship/signing'
import { usageError } from '../cli-error-codes.js'
import type { CliIo, Command, CommandResult } from '../command.js'
import { openRegistry } from '../config/open-registry.js'
import { ExitCode } from '../exit-codes.js'
import { formatBytes } from '../output/format-bytes.js'
import { parseCommandArgs } from '../parse-command-args.js'
import { parseSkillSpec } from './parse-skill-spec.js'

const usage = `Usage: skillship info <name>[@range|@tag|@version] [--registry URL] [--json]

Shows a skill from the registry: the version the spec resolves to (default latest; yanked
versions only by exact version), its integrity, its skill digest (computed here from the
registry's file list), files and dist-tags, and every version.`

export const infoCommand: Command = { usage, run }

async function run(args: readonly string[], io: CliIo): Promise<CommandResult> {
  const { values, positionals } = parseCommandArgs(args, { registry: { type: 'string' } })
  if (positionals.length !== 1 || positionals[0] === undefined)
    throw usageError('info takes one skill spec')
  const { name, spec } = parseSkillSpec(positionals[0])
  const { client } = await openRegistry(io, values.registry)
  const answer = await client.getSkill(name)
  if (answer.notModified) throw new Error('unconditional request answered 304')
  const { document } = answer
  const resolved = resolveVersion(document, spec ?? 'latest')
  if (!resolved) {
    throw new SkillshipError(
      RegistryErrorCode.NoMatchingVersion,
      `No version of ${name} matches '${spec ?? 'latest'}'`,
      {
        hint: `Published: ${Object.keys(document.versions).join(', ') || 'none'}.`,
      },
    )
  }
  const versions = Object.values(document.versions).map((v) => ({
    version: v.version,
    publishedAt: v.publishedAt,
    yanked: v.yanked,
    ...(v.deprecated === undefined ? {} : { deprecated: v.deprecated }),
  }))
  // Computed from the registry's file documents, so it can be compared with a local pack's.
  const skillDigest = computeSkillDigest(resolved.files)
  const text = [
    `${name}@${resolved.version}${document.private ? ' (private)' : ''}`,
    `    ${resolved.description}`,
    `    integrity  ${resolved.dist.integrity}`,
    `    digest     ${skillDigest}`,
    `    files      ${resolved.dist.fileCount} (${formatBytes(resolved.dist.unpackedSize)} unpacked, ${formatBytes(resolved.dist.size)} packed)`,
    `    published  ${resolved.publishedAt} by ${resolved.publisher}`,
    ...(resolved.deprecated === undefined ? [] : [`    DEPRECATED ${resolved.deprecated}`]),
    `    dist-tags  ${Object.entries(document.distTags)
      .map(([t, v]) => `${t}: ${v}`)
      .join(', ')}`,
    `    versions   ${versions.map((v) => `${v.version}${v.yanked ? ' (yanked)' : ''}`).join(', ')}`,
  ]
  return {
    exitCode: ExitCode.Ok,
    data: {
      name,
      version: resolved.version,
      skillDigest,
      resolved,
      distTags: document.distTags,
      private: document.private,
      versions,
    },
    text,
    errors: [],
  }
}
