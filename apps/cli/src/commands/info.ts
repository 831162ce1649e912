import { SkillshipError } from '@skillship/core/errors'
import {
  type AuditSummary,
  RegistryErrorCode,
  resolveVersion,
  type VersionSignatures,
} from '@skillship/registry-client'
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
versions, and versions the registry's audit blocks, only by exact version or tag), its
integrity, its skill digest (computed here from the registry's file list), files, the
registry's audit verdict, its signatures (the publisher's key id, flagged REVOKED when its owner
revoked it, and the registry's key ids; \`skillship install\` and \`verify\` check them), dist-tags,
and every version.`

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
    ...(v.audit === undefined ? {} : { audit: v.audit.verdict }),
    ...(v.signatures?.publisher === undefined
      ? {}
      : { signer: v.signatures.publisher.keyId, signerRevoked: v.signatures.publisher.revoked }),
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
    `    audit      ${auditLine(resolved.audit)}`,
    ...signatureLines(resolved.signatures),
    `    dist-tags  ${Object.entries(document.distTags)
      .map(([t, v]) => `${t}: ${v}`)
      .join(', ')}`,
    `    versions   ${versions.map((v) => `${v.version}${versionMarks(v)}`).join(', ')}`,
  ]
  return {
    exitCode: ExitCode.Ok,
    data: {
      name,
      version: resolved.version,
      skillDigest,
      signatures: signatureSummary(resolved.signatures),
      resolved,
      distTags: document.distTags,
      private: document.private,
      versions,
    },
    text,
    errors: [],
  }
}

function auditLine(audit: AuditSummary | undefined): string {
  if (audit === undefined) return 'none (published before audits)'
  const counts = Object.entries(audit.findings)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`)
  const verdict =
    audit.verdict === 'block' ? 'BLOCKED (withheld from ranges, loads and MCP)' : audit.verdict
  return `${verdict}, rule pack ${audit.rulePack}${audit.incomplete ? ', incomplete' : ''}${
    counts.length === 0 ? '' : ` (${counts.join(', ')})`
  }`
}

function versionMarks(v: { yanked: boolean; audit?: string; signerRevoked?: boolean }): string {
  return `${v.yanked ? ' (yanked)' : ''}${v.audit === 'block' ? ' (blocked)' : ''}${
    v.signerRevoked === true ? ' (signer revoked)' : ''
  }`
}

/** The signatures in `--json`: who signed (and whether revoked), which registry keys signed. */
function signatureSummary(signatures: VersionSignatures | undefined) {
  const publisher = signatures?.publisher
  return {
    publisher:
      publisher === undefined ? null : { keyId: publisher.keyId, revoked: publisher.revoked },
    registry: (signatures?.registry ?? []).map((signature) => signature.keyId),
  }
}

function signatureLines(signatures: VersionSignatures | undefined): string[] {
  const { publisher, registry } = signatureSummary(signatures)
  const publisherLine =
    publisher === null
      ? 'none (unsigned)'
      : publisher.revoked
        ? `${publisher.keyId} REVOKED (its owner revoked the key; strict trust policies refuse this version)`
        : publisher.keyId
  return [
    `    signer     ${publisherLine}`,
    `    registry   ${registry.length === 0 ? 'no registry signature' : `signed by ${registry.join(', ')}`}`,
  ]
}
